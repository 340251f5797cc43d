from django.contrib import admin

from .models import Organisation, WorkerHeartbeat


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["party_committee", "department", "place_name", "updated_at"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "seen_at"]
