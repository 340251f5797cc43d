"""Lists for staff: diacritic-blind search, filters (django-filter), sorting by column, pages,
and the same rows as an Excel file. One helper so every list behaves alike."""

from dataclasses import dataclass

from django.core.paginator import Paginator

PAGE_SIZE = 50


@dataclass
class SortOption:
    key: str  # the value of ?sort=
    label: str  # column header
    order_by: tuple  # ORDER BY for ascending


def sorted_queryset(request, queryset, options, default):
    """Apply ?sort=key or ?sort=-key; unknown keys fall back to the default."""
    wanted = request.GET.get("sort", default)
    descending = wanted.startswith("-")
    by_key = {o.key: o for o in options}
    option = by_key.get(wanted.lstrip("-")) or by_key[default.lstrip("-")]
    if option.key != wanted.lstrip("-"):
        descending = default.startswith("-")
    fields = [f"-{f}" if descending else f for f in option.order_by]
    return queryset.order_by(*fields), ("-" if descending else "") + option.key


def list_context(request, filterset, options, default_sort):
    """Everything a list template needs: the filter form, the page, the sort, the query
    string without page/sort (for links)."""
    queryset, sort = sorted_queryset(request, filterset.qs, options, default_sort)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    for key in ("page", "sort", "format"):
        params.pop(key, None)
    return {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "sort": sort,
        "sort_options": options,
        "base_query": params.urlencode(),
        "total": paginator.count,
        "queryset": queryset,
    }
