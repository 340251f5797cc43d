"""The system administrator's view of following at commune level; communes and staff use the
pages (hamlets/views), where the rules are told in words."""

from django.contrib import admin

from .models import CommuneMember, Hamlet, HamletAssignment, PartyCell


@admin.register(PartyCell)
class PartyCellAdmin(admin.ModelAdmin):
    list_display = ["name", "commune"]
    list_select_related = ["commune"]
    search_fields = ["name", "search_name", "commune__name"]
    raw_id_fields = ["commune"]


@admin.register(Hamlet)
class HamletAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "commune", "households", "cell", "valid_to"]
    # The admin follows only required foreign keys by itself: one query per row without this.
    list_select_related = ["commune", "cell"]
    list_filter = ["kind"]
    search_fields = ["name", "search_name", "code", "commune__name"]
    raw_id_fields = ["commune", "cell"]


@admin.register(CommuneMember)
class CommuneMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "title", "commune", "left_on"]
    list_select_related = ["commune"]
    list_filter = ["position"]
    search_fields = ["full_name", "search_name", "commune__name"]
    raw_id_fields = ["commune"]


@admin.register(HamletAssignment)
class HamletAssignmentAdmin(admin.ModelAdmin):
    list_display = ["member", "hamlet", "decision_number", "start_date", "end_date"]
    list_select_related = ["member", "hamlet"]
    search_fields = ["member__search_name", "hamlet__search_name", "decision_number"]
    raw_id_fields = ["member", "hamlet", "created_by"]
