from django.contrib import admin

from .models import Agency, Cadre, CadreStatusChange, Commune, District, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    search_fields = ["name", "search_name", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["province"]
    search_fields = ["name", "search_name", "code"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "province", "valid_from", "valid_to"]
    # The admin follows only required foreign keys by itself: one query per row without this.
    list_select_related = ["district", "province"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "search_name", "code"]
    autocomplete_fields = ["formed_from"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leader_quota"]
    list_filter = ["kind"]
    search_fields = ["name", "search_name"]


class StatusChangeInline(admin.TabularInline):
    model = CadreStatusChange
    extra = 0


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "position",
        "agency",
        "commune",
        "standing_board",
        "date_of_birth",
        "status",
    ]
    list_filter = ["status", "standing_board", "agency"]
    list_select_related = ["agency", "commune"]
    search_fields = ["full_name", "search_name"]
    inlines = [StatusChangeInline]
