from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "commune", "is_active", "is_superuser"]
    # The admin follows only required foreign keys by itself: one query per row without this.
    list_select_related = ["commune"]
    list_filter = ["groups", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email", "commune__name"]
    autocomplete_fields = ["commune"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organization"), {"fields": ("full_name", "commune", "must_change_password")}),
    )
