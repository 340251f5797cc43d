"""Which administrative map a page shows: `{{ day|map_label }}`, and `{{ year|map_day }}` for
the day a year's lists open on. The rule is assignments.models.divisions'; this only names it."""

from django import template

from assignments.models import map_label as _map_label
from assignments.models import year_map_day

register = template.Library()


@register.filter
def map_label(day):
    """'Bản đồ hành chính từ 1/7/2025 (không có cấp huyện)' or 'Bản đồ trước 1/7/2025 (có cấp
    huyện)' for the map in force on `day`; '' without a day."""
    return _map_label(day) if day else ""


@register.filter
def map_day(year):
    """The last day of `year`: the day a round's or an activity year's lists open on."""
    return year_map_day(int(year)) if year else None
