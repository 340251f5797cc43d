"""The province's roll-up of following at every level (issue 17): a row per commune with the
province's totals on top, and drill-down to a commune and to a hamlet. Staff and leaders (the
view permission on hamlet assignments); commune and cadre accounts answer 403. The figures are
activity.levels', the same the annual report prints."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Commune
from core.access import Counted, record_access, record_list_access
from core.exports import Column, Sheet, xlsx_response
from core.listing import PAGE_SIZE
from core.models import PersonalDataAccess
from core.params import year_param
from core.permissions import can
from core.ratio import Ratio
from hamlets.models import Hamlet

from . import levels
from .figures import cell_minimums

VIEW = "hamlets.view_hamletassignment"


# ?sort= keys: (the figure, then the name); "-key" descending.
SORTS = {
    "name": None,
    "hamlets": "hamlets_in_force",
    "not_followed": "not_followed",
    "members": "members_assigned",
    "under": "members_under",
}


def _sorted(rows, wanted):
    """The rows (in name order already) sorted by ?sort=, an unknown key leaving them so."""
    key = wanted.lstrip("-")
    if key not in SORTS:
        return rows, "name"
    if SORTS[key]:
        rows = sorted(rows, key=lambda row: row[SORTS[key]])  # stable: names stay in order
    if wanted.startswith("-"):
        rows = rows[::-1]
    return rows, wanted


def _year(request):
    return year_param(request) or timezone.localdate().year


@can(VIEW)
def province(request):
    year = _year(request)
    minimums = cell_minimums(year)
    q = request.GET.get("q", "").strip()
    rows, sort = _sorted(
        levels.communes(year, minimums=minimums, q=q), request.GET.get("sort", "name")
    )
    if request.GET.get("format") == "xlsx":
        return _export(request, year, rows, minimums)
    total = levels.totals(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    cadres = levels.provincial_cadres(
        year, commune_ids=[row["pk"] for row in page.object_list], minimums=minimums
    )
    for row in page.object_list:
        row["cadres"] = cadres.get(row["pk"], [])
    # Law 91/2025/QH15: the rows name the provincial cadres who follow each commune.
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        label=_("Roll-up of following at every level"),
        count=len(page.object_list),
    )
    params = request.GET.copy()
    for key in ("page", "sort", "format"):
        params.pop(key, None)
    return render(
        request,
        "activity/levels/province.html",
        {
            "year": year,
            "day": levels.rollup_day(year),
            "min_province": minimums[0],
            "min_commune": minimums[1],
            "q": q,
            "t": total,
            "page_obj": page,
            "rows": page.object_list,
            "total": page.paginator.count,
            "sort": sort,
            "base_query": params.urlencode(),
        },
    )


def _export(request, year, rows, minimums):
    cadres = levels.provincial_cadres(year, minimums=minimums)
    written = Counted(rows)
    sheet = Sheet(
        _("Following at every level"),
        [
            Column.code(_("Code"), 9),
            Column.text(_("Commune"), 28),
            Column.integer(_("Hamlets"), total=True),
            Column.integer(_("Hamlets followed"), total=True),
            Column.percent(_("Share followed"), of=(_("Hamlets followed"), _("Hamlets"))),
            Column.integer(_("Households"), total=True),
            Column.integer(_("Households covered"), total=True),
            Column.integer(_("Members"), total=True),
            Column.integer(_("Members assigned"), total=True),
            Column.integer(_("Members following several hamlets"), total=True),
            Column.integer(_("Members who left and still follow"), total=True),
            Column.integer(_("Cell meetings of members"), total=True),
            Column.integer(_("Members under the minimum"), total=True),
            Column.text(_("Provincial cadres"), 30),
            Column.text(_("Their cell meetings"), 16),
        ],
        (
            (
                row["code"],
                row["name"],
                row["hamlets_in_force"],
                row["hamlets_followed"],
                Ratio(row["hamlets_followed"], row["hamlets_in_force"]),
                row["households"],
                row["households_covered"],
                row["members_serving"],
                row["members_assigned"],
                row["members_several"],
                row["members_left_following"],
                row["member_meetings"],
                row["members_under"],
                "; ".join(c["name"] for c in cadres.get(row["pk"], [])),
                "; ".join(f"{c['meetings']}/{minimums[0]}" for c in cadres.get(row["pk"], [])),
            )
            for row in written
        ),
        caption=_("Following at every level, %(year)s") % {"year": year},
        empty=_("No commune matches."),
    )
    response = xlsx_response(f"theo-doi-cac-cap-{year}.xlsx", [sheet])
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        label=_("Roll-up of following at every level"),
        count=written.count,
    )
    return response


def _commune_pages(commune):
    """The commune's own pages (hamlets: namespace), when they exist."""
    try:
        return reverse("hamlets:commune", kwargs={"commune_pk": commune.pk})
    except NoReverseMatch:
        return None


@can(VIEW)
def commune(request, pk):
    year = _year(request)
    place = get_object_or_404(Commune, pk=pk)
    minimums = cell_minimums(year)
    rows = levels.communes(year, minimums=minimums, commune_ids=[pk])
    if not rows:
        raise Http404  # not in force that year
    row = rows[0]
    hamlets = levels.hamlets_of(place, year)
    cadres = levels.provincial_cadres(year, commune_ids=[pk], minimums=minimums).get(pk, [])
    record_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        action=PersonalDataAccess.Action.VIEW,
        obj=place,
        label=_("Following in %(commune)s") % {"commune": place.name},
    )
    return render(
        request,
        "activity/levels/commune.html",
        {
            "year": year,
            "day": levels.rollup_day(year),
            "commune": place,
            "row": row,
            "hamlets": hamlets,
            "cadres": cadres,
            "min_province": minimums[0],
            "min_commune": minimums[1],
            "commune_pages": _commune_pages(place),
        },
    )


@can(VIEW)
def hamlet(request, pk):
    year = _year(request)
    place = get_object_or_404(Hamlet.objects.select_related("commune", "cell"), pk=pk)
    record_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        action=PersonalDataAccess.Action.VIEW,
        obj=place.commune,
        label=_("Following of %(hamlet)s, %(commune)s")
        % {"hamlet": place.name, "commune": place.commune.name},
    )
    return render(
        request,
        "activity/levels/hamlet.html",
        {
            "year": year,
            "hamlet": place,
            "history": levels.hamlet_history(place),
            "meetings": levels.cell_meetings_of(place, year),
        },
    )
