"""Staff and leader pages of the registry: communes, agencies, cadres (lists, pages, forms,
Excel exports). Leaders read; only staff change."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Counted, record_access, record_list_access
from core.exports import Sheet, xlsx_response
from core.listing import SortOption, list_context
from core.models import PersonalDataAccess
from core.permissions import can

from .. import figures, services
from ..filters import AgencyFilter, CadreFilter, CommuneFilter
from ..forms import AgencyForm, CadreForm, CadreStatusForm, CommuneForm
from ..models import Agency, Assignment, Cadre, Commune


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
        rows = (
            (
                c.code,
                c.name,
                c.get_kind_display(),
                c.district.name if c.district else "",
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
        headers = [
            "Mã xã",
            "Tên xã",
            "Loại",
            "Huyện",
            "Tỉnh",
            "Hiệu lực từ",
            "Hiệu lực đến",
            "Bí thư",
            "Điện thoại",
            "Email",
        ]
        sheet = Sheet(
            _("Communes"),
            headers,
            rows,
            widths=[10, 30, 10, 26, 18, 13, 13, 24, 14, 28],
            text_columns={0},
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
        headers = ["Tên cơ quan", "Loại", "Số lãnh đạo", "Cán bộ đang công tác"]
        sheet = Sheet(_("Agencies"), headers, rows, widths=[45, 32, 12, 20])
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
    SortOption("agency", gettext_lazy("Agency"), ("agency__search_name", "search_name")),
    SortOption("born", gettext_lazy("Date of birth"), ("date_of_birth",)),
    SortOption("status", gettext_lazy("Status"), ("status", "search_name")),
]


@can("assignments.view_cadre")
def cadre_list(request):
    filterset = CadreFilter(request.GET, queryset=Cadre.objects.select_related("agency"))
    context = list_context(request, filterset, CADRE_SORTS, "name")
    if request.GET.get("format") == "xlsx":

        def rows():
            for c in context["queryset"].iterator(chunk_size=1000):
                retirement = c.retirement
                yield (
                    c.full_name,
                    c.position,
                    c.agency.name,
                    c.date_of_birth,
                    c.get_gender_display(),
                    c.phone,
                    c.email,
                    c.get_status_display(),
                    retirement.retires_on if retirement else None,
                )

        headers = [
            "Họ và tên",
            "Chức vụ",
            "Cơ quan",
            "Ngày sinh",
            "Giới tính",
            "Điện thoại",
            "Email",
            "Tình trạng",
            "Dự kiến nghỉ hưu",
        ]
        written = Counted(rows())
        sheet = Sheet(_("Cadres"), headers, written, widths=[26, 22, 40, 12, 9, 14, 30, 18, 16])
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
    cadre = get_object_or_404(Cadre.objects.select_related("agency"), pk=pk)
    record_access(
        request,
        kind=PersonalDataAccess.Kind.CADRE,
        action=PersonalDataAccess.Action.VIEW,
        obj=cadre,
        label=f"{cadre.full_name} — {cadre.agency.name}",
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
