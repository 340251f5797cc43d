"""The central installation's pages (issue 19): its home, the provinces it follows with their
keys, and the snapshots they sent. Leaders read; staff register provinces and keys and import
files. The comparison and the central report have their own views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.params import int_param
from core.permissions import can
from core.uploads import display_name
from evaluations.models import LEVEL_ORDER, Level

from . import schema, services
from .forms_central import ProvinceRegisterForm, PublicKeyForm, SnapshotUploadForm
from .models import FollowedProvince, Snapshot
from .versions import in_use_ids

VIEW = "rollup.view_snapshot"
VIEW_PROVINCES = "rollup.view_followedprovince"
REGISTER = "rollup.add_followedprovince"
ADD_KEY = "rollup.add_provincekey"
IMPORT = "rollup.add_snapshot"

PAGE_SIZE = 50

# Short column heads for the payload's figures (schema.PROVINCE_FIGURES order).
FIGURE_HEADS = {
    "communes": gettext_lazy("Communes"),
    "communes_covered": gettext_lazy("Communes followed"),
    "forms_expected": gettext_lazy("Forms expected"),
    "forms_submitted": gettext_lazy("Forms submitted"),
    "forms_accepted": gettext_lazy("Forms accepted"),
    "cadres_evaluated": gettext_lazy("Cadres evaluated"),
    "cadres_commended": gettext_lazy("Cadres commended"),
    "tasks_assigned": gettext_lazy("Tasks assigned"),
    "tasks_met": gettext_lazy("Tasks met"),
    "hamlets": gettext_lazy("Hamlets"),
    "hamlets_covered": gettext_lazy("Hamlets followed"),
}


@login_required
def home(request):
    user = request.user
    context = {"may_view": user.has_perm(VIEW), "may_import": user.has_perm(IMPORT)}
    if context["may_view"]:
        context.update(
            provinces=FollowedProvince.objects.count(),
            snapshots=Snapshot.objects.count(),
            latest=Snapshot.objects.order_by("-imported_at", "-pk")
            .prefetch_related("provinces")
            .first(),
        )
    return render(request, "rollup/central/home.html", context)


def _in_use_by_province():
    """{province id: [snapshot in use, newest year first]}"""
    found = {}
    in_use = (
        Snapshot.objects.filter(pk__in=in_use_ids())
        .defer("payload", "counts")
        .prefetch_related("provinces")
        .order_by("-year", "created_at")
    )
    for snapshot in in_use:
        for province in snapshot.provinces.all():
            found.setdefault(province.pk, []).append(snapshot)
    return found


@can(VIEW_PROVINCES)
def provinces(request):
    """The provinces the centre follows, their keys and the version in use for each year; staff
    register another province (with its first key) here."""
    may_register = request.user.has_perm(REGISTER)
    form = None
    if request.method == "POST":
        if not may_register:
            raise PermissionDenied
        form = ProvinceRegisterForm(request.POST, request.FILES)
        if form.is_valid():
            map_, code = form.cleaned_data["province"]
            try:
                province, key, province_created, key_created = services.province_register(
                    code=code, map_=map_, pem_text=form.cleaned_data["pem"], user=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _registered_message(province, key, key_created))
                return redirect("central:provinces")
    elif may_register:
        form = ProvinceRegisterForm()
    followed = list(
        FollowedProvince.objects.prefetch_related("keys__added_by").order_by("map", "code")
    )
    by_province = _in_use_by_province()
    rows = [(province, by_province.get(province.pk, [])) for province in followed]
    return render(
        request,
        "rollup/central/provinces.html",
        {
            "form": form,
            "rows": rows,
            "may_add_key": request.user.has_perm(ADD_KEY),
        },
    )


def _registered_message(province, key, key_created):
    values = {"province": province.name, "key_id": key.key_id}
    if key_created:
        return _("%(province)s: key %(key_id)s registered.") % values
    return _("%(province)s already has key %(key_id)s: nothing changed.") % values


@can(ADD_KEY)
def province_key_add(request, pk):
    """Another key for a province (after the province rotated its key): the old keys stay."""
    province = get_object_or_404(FollowedProvince, pk=pk)
    posted = request.method == "POST"
    form = PublicKeyForm(request.POST, request.FILES) if posted else PublicKeyForm()
    if posted and form.is_valid():
        try:
            key, created = services.province_key_add(
                province=province, pem_text=form.cleaned_data["pem"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _registered_message(province, key, created))
            return redirect("central:provinces")
    return render(request, "rollup/central/key_form.html", {"form": form, "province": province})


@can(IMPORT)
def snapshot_upload(request):
    """Import one or several files; each is accepted or refused with its own message."""
    posted = request.method == "POST"
    form = SnapshotUploadForm(request.POST, request.FILES) if posted else SnapshotUploadForm()
    outcomes = []
    if posted and form.is_valid():
        for uploaded in form.cleaned_data["files"]:
            outcomes.append(_import_one(uploaded, request.user))
    return render(
        request,
        "rollup/central/upload.html",
        {"form": form, "outcomes": outcomes, "max_mb": services.MAX_SNAPSHOT_BYTES // 2**20},
    )


def _import_one(uploaded, user):
    """(file name, snapshot or None, accepted?, message)."""
    name = display_name(uploaded.name)
    try:
        if uploaded.size > services.MAX_SNAPSHOT_BYTES:  # refused before it is read
            raise services.too_large()
        snapshot, created = services.snapshot_import(content=uploaded.read(), user=user)
    except services.SnapshotRefused as exc:
        return name, None, False, str(exc)
    return name, snapshot, True, services.snapshot_import_message(snapshot, created)


@can(VIEW)
def snapshots(request):
    """Every version received, newest year first, with the one in use marked."""
    year = int_param(request, "year", minimum=schema.YEAR_MIN, maximum=schema.YEAR_MAX)
    province_id = int_param(request, "province", minimum=1)
    rows = Snapshot.objects.defer("payload", "counts").select_related("key")
    if year is not None:
        rows = rows.filter(year=year)
    if province_id is not None:
        rows = rows.filter(provinces=province_id)
    rows = rows.prefetch_related("provinces").order_by(
        "-year", "installation", "-sequence", "-created_at", "-pk"
    )
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "rollup/central/snapshots.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "total": paginator.count,
            "base_query": params.urlencode(),
            "in_use": in_use_ids(year),
            "years": Snapshot.objects.order_by("-year").values_list("year", flat=True).distinct(),
            "provinces": FollowedProvince.objects.order_by("map", "code"),
            "year": year,
            "province_id": province_id,
        },
    )


def _cells(row, figures):
    """[(column head, value)] of a payload row: each value knows its head, which names it on a
    phone where the table's rows become cards (table-stack)."""
    return [(FIGURE_HEADS[name], row.get(name)) for name in figures]


@can(VIEW)
def snapshot_detail(request, pk):
    """One version's figures, as the province signed them, and where they come from."""
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("key__province", "imported_by").prefetch_related(
            "provinces"
        ),
        pk=pk,
    )
    counts = snapshot.counts
    names = {p.code: p.name for p in snapshot.provinces.all()}
    in_use = in_use_ids(snapshot.year)
    newer = None
    if snapshot.pk not in in_use:
        newer = (
            Snapshot.objects.filter(pk__in=in_use, provinces__in=snapshot.provinces.all())
            .distinct()
            .first()
        )
    level_labels = dict(Level.choices)
    levels = {row["level"]: row["cadres"] for row in counts.get("levels", [])}
    return render(
        request,
        "rollup/central/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "in_use": snapshot.pk in in_use,
            "newer": newer,
            "province_heads": [FIGURE_HEADS[name] for name in schema.PROVINCE_FIGURES],
            "province_rows": [
                (row["code"], names.get(row["code"], ""), _cells(row, schema.PROVINCE_FIGURES))
                for row in counts.get("provinces", [])
            ],
            "totals": _cells(counts.get("totals", {}), schema.PROVINCE_FIGURES),
            "district_heads": [FIGURE_HEADS[name] for name in schema.DISTRICT_FIGURES],
            "district_rows": [
                (row["province"], row["code"], _cells(row, schema.DISTRICT_FIGURES))
                for row in counts.get("districts", [])
            ],
            "agency_heads": [FIGURE_HEADS[name] for name in schema.AGENCY_FIGURES],
            "agency_rows": [
                (row["agency"], _cells(row, schema.AGENCY_FIGURES))
                for row in counts.get("agencies", [])
            ],
            "level_rows": [(level_labels[level], levels.get(level, 0)) for level in LEVEL_ORDER],
        },
    )
