import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import text
from core.filters import StyledFilterSet
from core.widgets import DateWidget

from .models import NEW_MAP_FIRST_DAY, OLD_MAP_LAST_DAY, Agency, Cadre, Commune, District, Province


class SearchFilterSet(StyledFilterSet):
    """A `q` box that ignores case, diacritics and tone placement ("hoa binh" finds "Hoà Bình"
    and "Hòa Bình"): it compares the folded query with the folded column, on any database."""

    search_fields = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        folded = text.fold(value)
        if not folded:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__contains": folded})
        return queryset.filter(condition)


class CommuneFilter(SearchFilterSet):
    MAP_CHOICES = (
        ("current", _("current map (from 1/7/2025)")),
        ("old", _("map before 1/7/2025")),
        ("all", _("both maps")),
    )
    map = django_filters.ChoiceFilter(
        choices=MAP_CHOICES, method="filter_map", label=_("Map"), empty_label=None
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(), label=_("province")
    )
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.select_related("province"), label=_("district")
    )
    kind = django_filters.ChoiceFilter(choices=Commune.Kind.choices, label=_("type"))
    # ?on=31/12/2024 (links from a round or the dashboard): the communes in force that day,
    # whichever map it falls on; it takes the place of `map`.
    on = django_filters.DateFilter(method="filter_on", label=_("in force on"), widget=DateWidget())

    class Meta:
        model = Commune
        fields = ["q", "map", "on", "province", "district", "kind"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("map", "current")
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.search(value)  # names, districts' names and codes alike

    @property
    def map_day(self):
        """The day whose map the list shows: ?on=, else the chosen map's day; None for both
        maps."""
        self.form.is_valid()  # cleaned_data holds the fields that are valid
        data = self.form.cleaned_data
        if data.get("on"):
            return data["on"]
        chosen = data.get("map") or "current"
        if chosen == "current":
            return max(timezone.localdate(), NEW_MAP_FIRST_DAY)
        if chosen == "old":
            return OLD_MAP_LAST_DAY
        return None

    def filter_map(self, queryset, name, value):
        if self.form.cleaned_data.get("on") or value == "all":
            return queryset
        return queryset.valid_on(self.map_day)

    def filter_on(self, queryset, name, value):
        return queryset.valid_on(value)


class AgencyFilter(SearchFilterSet):
    search_fields = ("search_name",)
    kind = django_filters.ChoiceFilter(choices=Agency.Kind.choices, label=_("type"))

    class Meta:
        model = Agency
        fields = ["q", "kind"]


class CadreFilter(SearchFilterSet):
    search_fields = ("search_name", "agency__search_name", "commune__search_name")
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label=_("agency"))
    status = django_filters.ChoiceFilter(choices=Cadre.Status.choices, label=_("status"))
    gender = django_filters.ChoiceFilter(choices=Cadre.Gender.choices, label=_("gender"))
    standing_board = django_filters.ChoiceFilter(
        choices=(("yes", _("yes")), ("no", _("no"))),
        method="filter_standing_board",
        label=_("under the Standing Board's management"),
    )

    class Meta:
        model = Cadre
        fields = ["q", "agency", "status", "gender", "standing_board"]

    def filter_standing_board(self, queryset, name, value):
        return queryset.filter(standing_board=value == "yes")
