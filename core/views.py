from django.contrib import messages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .access import Counted, record_list_access
from .exports import Column, Sheet, xlsx_response
from .filters import AccessFilter
from .forms import OrganisationForm
from .listing import SortOption, list_context
from .models import Organisation, PersonalDataAccess, WorkerHeartbeat
from .permissions import can


@never_cache
def healthz(request):
    """For the load balancer and the operator: is the database reachable, when did a worker
    last run the heartbeat task."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return JsonResponse({"database": "ok", "worker_seen_at": last.isoformat() if last else None})


ACCESS_SORTS = [
    SortOption("at", gettext_lazy("When"), ("at", "pk")),
    SortOption("who", gettext_lazy("Who"), ("user__username", "at")),
]


@can("core.view_personaldataaccess")
def access_log(request):
    """Who read which cadre's evaluation, sheet, report or file, when, from which address."""
    queryset = PersonalDataAccess.objects.select_related("user")
    context = list_context(
        request, AccessFilter(request.GET, queryset=queryset), ACCESS_SORTS, "-at"
    )
    if request.GET.get("format") == "xlsx":
        rows = (
            (
                a.at,
                a.user.username,
                a.user.get_full_name(),
                a.get_action_display(),
                a.get_kind_display(),
                a.label,
                a.row_count,
                a.ip_address or "",
                a.path,
            )
            for a in context["queryset"].iterator(chunk_size=1000)
        )
        written = Counted(rows)
        sheet = Sheet(
            _("Access log"),
            [
                Column.datetime(_("When"), 18),
                Column.text(_("Login"), 14),
                Column.text(_("Full name"), 26),
                Column.text(_("Action"), 12),
                Column.text(_("What"), 24),
                Column.text(_("Record"), 48),
                Column.integer(_("Rows"), 8),
                Column.text(_("From address"), 16),
                Column.text(_("Address requested"), 40),
            ],
            written,
            empty=_("No access matches these filters."),
        )
        response = xlsx_response(f"nhat-ky-truy-cap-{timezone.localdate():%Y%m%d}.xlsx", [sheet])
        # The log holds who read whose data: exporting it is itself logged.
        record_list_access(
            request,
            kind=PersonalDataAccess.Kind.ACCESS_LOG,
            label=_("Access log"),
            count=written.count,
        )
        return response
    return render(request, "core/access_log.html", context)


@can("core.change_organisation")
def organisation_setup(request):
    """The Party Committee's names and the signature block, as every report prints them. Staff
    land here at their first login until it is saved once."""
    organisation = Organisation.current()
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False).mark_configured()
        messages.success(request, _("The set-up is saved: reports print these names."))
        return redirect("home")
    return render(
        request,
        "core/organisation_setup.html",
        {"form": form, "organisation": organisation, "first_time": not organisation.is_configured},
    )
