import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import ALL, label_empty_choices
from .models import PersonalDataAccess
from .text import fold
from .widgets import DateWidget


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form fits the filter bar (Bootstrap's small controls); a select's empty
    choice reads "— Tất cả —"."""

    @property
    def form(self):
        form = super().form
        label_empty_choices(form.fields, default=ALL)
        for field in form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
        return form


class AccessFilter(StyledFilterSet):
    """Who read which cadre's data: by person, by kind, by the record's description, by date."""

    who = django_filters.CharFilter(method="filter_who", label=_("who"))
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=PersonalDataAccess.Kind.choices, label=_("kind of data")
    )
    since = django_filters.DateFilter(
        field_name="at__date",
        lookup_expr="gte",
        label=_("from (date)"),
        widget=DateWidget(),
    )
    until = django_filters.DateFilter(
        field_name="at__date",
        lookup_expr="lte",
        label=_("to (date)"),
        widget=DateWidget(),
    )

    class Meta:
        model = PersonalDataAccess
        fields = ["who", "q", "kind", "since", "until"]

    def search(self, queryset, name, value):
        """Diacritic-blind, like every search box here: "au co" finds "Âu Cơ"."""
        return queryset.filter(search_label__contains=fold(value))

    def filter_who(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(user__username__icontains=value) | Q(user__full_name__icontains=value)
        )
