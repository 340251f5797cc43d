from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Organisation, PersonalDataAccess, WorkerHeartbeat

# The administration site speaks the application's name, in the interface's language (issue 15);
# core/library_strings.py names the libraries' sections.
admin.site.site_header = _("Commune monitoring — administration")
admin.site.site_title = _("Commune monitoring — administration")
admin.site.index_title = _("Data and accounts")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["party_committee", "department", "place_name", "updated_at"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "seen_at"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read only: the log is evidence, nobody edits or deletes it."""

    list_display = ["at", "user", "action", "kind", "label", "ip_address"]
    list_filter = ["kind", "action"]
    search_fields = ["label", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
