"""Staff and leader pages of the registry: communes, agencies, cadres (lists, pages, forms,
Excel exports). Leaders read; only staff change."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Counted, record_access, record_list_access
from core.exports import Column, Sheet, xlsx_response
from core.listing import SortOption, list_context
from core.models import PersonalDataAccess
from core.permissions import can

from .. import figures, services
from ..filters import AgencyFilter, CadreFilter, CommuneFilter
from ..forms import AgencyForm, CadreForm, CadreStatusForm, CommuneForm
from ..imports.registry import STANDING_BOARD_WORDS
from ..models import Agency, Assignment, Cadre, Commune, day_has_districts


def _edit(request, model, form_class, pk, *, titles, detail, back):
    """Add (pk None) or edit one registry row with its form; the same for every list."""
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        instance = form.save()
        messages.success(request, _("Saved «%(name)s».") % {"name": str(instance)})
        return redirect(detail, pk=instance.pk)
    return render(
        request,
        "assignments/form.html",
        {
            "form": form,
            "object": instance,
            "title": titles[0] if instance else titles[1],
            "back": back,
        },
    )


# --- communes -----------------------------------------------------------------------------

COMMUNE_SORTS = [
    SortOption("code", gettext_lazy("Code"), ("code",)),
    SortOption("name", gettext_lazy("Commune"), ("search_name", "code")),
    SortOption("district", gettext_lazy("District"), ("district__search_name", "search_name")),
    SortOption("province", gettext_lazy("Province"), ("province__search_name", "search_name")),
]


@can("assignments.view_commune")
def commune_list(request):
    queryset = Commune.objects.select_related("province", "district")
    filterset = CommuneFilter(request.GET, queryset=queryset)
    context = list_context(request, filterset, COMMUNE_SORTS, "name")
    if request.GET.get("format") == "xlsx":
        # No "Huyện" column on the map from 1/7/2025, which has no districts.
        day = filterset.map_day
        districts = day is None or day_has_districts(day)
        rows = (
            (
                c.code,
                c.name,
                c.get_kind_display(),
                *([c.district.name if c.district else ""] if districts else []),
                c.province.name,
                c.valid_from,
                c.valid_to,
                c.secretary_name,
                c.phone,
                c.email,
            )
            for c in context["queryset"].iterator(chunk_size=1000)
        )
        # The import's own headers, in Vietnamese whatever the interface language, so that an
        # exported list imports back unchanged.
        columns = [
            Column.code("Mã xã"),
            Column.text("Tên xã", 30),
            Column.text("Loại", 10),
            *([Column.text("Huyện", 26)] if districts else []),
            Column.text("Tỉnh", 18),
            Column.date("Hiệu lực từ", 13),
            Column.date("Hiệu lực đến", 13),
            Column.text("Bí thư", 24),
            Column.text("Điện thoại", 14),
            Column.text("Email", 28),
        ]
        sheet = Sheet(
            _("Communes"),
            columns,
            rows,
            imports_back=True,
            empty=_("No commune matches these filters."),
        )
        return xlsx_response(f"danh-sach-xa-{timezone.localdate():%Y%m%d}.xlsx", [sheet])
    # An empty list on a map with no commune (a province that loaded only the old map): a
    # link to a day on the map that has them, instead of "no commune".
    context["map_day"] = day = filterset.map_day
    if day and not context["total"]:
        context["other_day"] = figures.day_with_communes(day)
    return render(request, "assignments/commune_list.html", context)


@can("assignments.view_commune")
def commune_detail(request, pk):
    commune = get_object_or_404(
        Commune.objects.select_related("province", "district").prefetch_related(
            "formed_from", "succeeded_by"
        ),
        pk=pk,
    )
    # The page names the cadres who followed the commune: a reading of their data.
    record_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        action=PersonalDataAccess.Action.VIEW,
        obj=commune,
        label=commune.full_name,
    )
    today = timezone.localdate()
    assignments = commune.assignments.select_related("cadre__agency")
    earlier = Assignment.objects.filter(commune__in=commune.formed_from.all()).select_related(
        "cadre__agency", "commune"
    )
    return render(
        request,
        "assignments/commune_detail.html",
        {
            "commune": commune,
            "assignments": assignments,
            "current": next((a for a in assignments if a.is_active_on(today)), None),
            "earlier": earlier,
            "in_force": commune.is_valid_on(today),
        },
    )


@can("assignments.change_commune")
def commune_edit(request, pk=None):
    return _edit(
        request,
        Commune,
        CommuneForm,
        pk,
        titles=(_("Edit commune"), _("Add a commune")),
        detail="registry:commune_detail",
        back="registry:commune_list",
    )


# --- agencies -----------------------------------------------------------------------------

AGENCY_SORTS = [
    SortOption("name", gettext_lazy("Agency"), ("search_name",)),
    SortOption("kind", gettext_lazy("Type"), ("kind", "search_name")),
    SortOption("quota", gettext_lazy("Leaders"), ("leader_quota", "search_name")),
    SortOption("cadres", gettext_lazy("Cadres in office"), ("cadres_in_office", "search_name")),
]


def _agencies():
    in_office = Q(cadres__status__in=Cadre.IN_OFFICE)
    return Agency.objects.annotate(cadres_in_office=Count("cadres", filter=in_office))


@can("assignments.view_agency")
def agency_list(request):
    filterset = AgencyFilter(request.GET, queryset=_agencies())
    context = list_context(request, filterset, AGENCY_SORTS, "name")
    if request.GET.get("format") == "xlsx":
        rows = (
            (a.name, a.get_kind_display(), a.leader_quota, a.cadres_in_office)
            for a in context["queryset"]
        )
        # The import's headers: the list imports back, so no totals row under it.
        columns = [
            Column.text("Tên cơ quan", 45),
            Column.text("Loại", 32),
            Column.integer("Số lãnh đạo"),
            Column.integer("Cán bộ đang công tác", 20),
        ]
        sheet = Sheet(
            _("Agencies"),
            columns,
            rows,
            imports_back=True,
            empty=_("No agency matches these filters."),
        )
        return xlsx_response(f"danh-sach-co-quan-{timezone.localdate():%Y%m%d}.xlsx", [sheet])
    return render(request, "assignments/agency_list.html", context)


@can("assignments.view_agency")
def agency_detail(request, pk):
    agency = get_object_or_404(_agencies(), pk=pk)
    cadres = agency.cadres.order_by("status", "search_name")
    return render(request, "assignments/agency_detail.html", {"agency": agency, "cadres": cadres})


@can("assignments.change_agency")
def agency_edit(request, pk=None):
    return _edit(
        request,
        Agency,
        AgencyForm,
        pk,
        titles=(_("Edit agency"), _("Add an agency")),
        detail="registry:agency_detail",
        back="registry:agency_list",
    )


# --- cadres -------------------------------------------------------------------------------

CADRE_SORTS = [
    SortOption("name", gettext_lazy("Full name"), ("search_name",)),
    SortOption(
        "agency",
        gettext_lazy("Agency or commune"),
        ("agency__search_name", "commune__search_name", "search_name"),
    ),
    SortOption("born", gettext_lazy("Date of birth"), ("date_of_birth",)),
    SortOption("status", gettext_lazy("Status"), ("status", "search_name")),
]


@can("assignments.view_cadre")
def cadre_list(request):
    filterset = CadreFilter(request.GET, queryset=Cadre.objects.select_related("agency", "commune"))
    context = list_context(request, filterset, CADRE_SORTS, "name")
    if request.GET.get("format") == "xlsx":

        def rows():
            for c in context["queryset"].iterator(chunk_size=1000):
                retirement = c.retirement
                yield (
                    c.full_name,
                    c.position,
                    c.agency.name if c.agency_id else "",
                    c.commune.code if c.commune_id else "",
                    c.date_of_birth,
                    c.get_gender_display(),
                    c.phone,
                    c.email,
                    STANDING_BOARD_WORDS[c.standing_board],
                    c.get_status_display(),
                    retirement.retires_on if retirement else None,
                )

        columns = [
            Column.text("Họ và tên", 26),
            Column.text("Chức vụ", 22),
            Column.text("Cơ quan", 40),
            Column.code("Mã xã"),
            Column.date("Ngày sinh"),
            Column.text("Giới tính", 9),
            Column.text("Điện thoại", 14),
            Column.text("Email", 30),
            Column.text("Diện BTV quản lý", 16),
            Column.text("Tình trạng", 18),
            Column.date("Dự kiến nghỉ hưu", 16),
        ]
        written = Counted(rows())
        sheet = Sheet(
            _("Cadres"),
            columns,
            written,
            imports_back=True,
            empty=_("No cadre matches these filters."),
        )
        response = xlsx_response(f"danh-sach-can-bo-{timezone.localdate():%Y%m%d}.xlsx", [sheet])
        _log_cadre_list(request, written.count)
        return response
    _log_cadre_list(request, len(context["rows"]))
    return render(request, "assignments/cadre_list.html", context)


def _log_cadre_list(request, count):
    # Law 91/2025/QH15: a list of people's data read or exported is one entry, with its count.
    record_list_access(
        request, kind=PersonalDataAccess.Kind.CADRES, label=_("List of cadres"), count=count
    )


@can("assignments.view_cadre")
def cadre_detail(request, pk):
    cadre = get_object_or_404(Cadre.objects.select_related("agency", "commune"), pk=pk)
    record_access(
        request,
        kind=PersonalDataAccess.Kind.CADRE,
        action=PersonalDataAccess.Action.VIEW,
        obj=cadre,
        label=f"{cadre.full_name} — {cadre.unit_name}",
    )
    status_form = CadreStatusForm(prefix="status")
    return render(
        request,
        "assignments/cadre_detail.html",
        {
            "cadre": cadre,
            "retirement": cadre.retirement,
            "history": cadre.status_changes.select_related("recorded_by"),
            "assignments": cadre.assignments.select_related("commune__district"),
            "status_form": status_form,
        },
    )


@can("assignments.change_cadre")
def cadre_edit(request, pk=None):
    return _edit(
        request,
        Cadre,
        CadreForm,
        pk,
        titles=(_("Edit cadre"), _("Add a cadre")),
        detail="registry:cadre_detail",
        back="registry:cadre_list",
    )


@can("assignments.change_cadre")
def cadre_status(request, pk):
    cadre = get_object_or_404(Cadre, pk=pk)
    form = CadreStatusForm(request.POST or None, prefix="status")
    if request.method == "POST" and form.is_valid():
        services.cadre_change_status(cadre=cadre, user=request.user, **form.cleaned_data)
        messages.success(request, _("The status change was recorded."))
        return redirect("registry:cadre_detail", pk=cadre.pk)
    return render(
        request,
        "assignments/form.html",
        {
            "form": form,
            "object": cadre,
            "title": _("Change status of %(name)s") % {"name": cadre.full_name},
            "back": "registry:cadre_list",
        },
    )
