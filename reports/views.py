"""The home page each role lands on (it composes every app's figures, so it lives here, above
them); the leaders' page: the years, their key figures (the same code as the PDF), the latest
file of each kind, generate or regenerate with a live progress bar, download."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.sessions import previous_login
from assignments.models import Cadre
from core.access import logged_download, record_access
from core.listing import PAGE_SIZE
from core.models import Organisation, PersonalDataAccess
from core.params import id_param, text_param, year_param
from core.permissions import can
from core.ratio import Ratio
from core.text import fold
from evaluations.models import EvaluationRound

from . import services, todo
from .figures import annual_summary, workspace_glance
from .kinds import registered
from .models import ReportJob


@login_required
def home(request):
    """Each role lands on its own page."""
    role = request.user.role
    if role == Role.COMMUNE:
        return redirect("evaluations:home")
    if role == Role.CADRE:
        return redirect("activity:home")
    if (
        request.user.has_perm("core.change_organisation")
        and not Organisation.current().is_configured
    ):
        # First login on a new installation: what every report prints comes first.
        return redirect("organisation_setup")
    if role in {Role.STAFF, Role.LEADER, "superuser"}:
        today = timezone.localdate()
        context = workspace_glance(today)
        if role == Role.LEADER:
            context["heading"] = _("Overview for leaders")
            context["todo"] = todo.leader_todo(request.user, today, previous_login(request))
        else:
            context["heading"] = _("Organization Department workspace")
            context["todo"] = todo.staff_todo(request.user, today)
        return render(request, "reports/workspace.html", context)
    return render(request, "reports/home_norole.html", status=403)


def _years():
    return list(
        EvaluationRound.objects.filter(opened_at__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
    )


@can("reports.view_reportjob")
def reports_home(request):
    years = _years()
    if not years:
        return render(request, "reports/home.html", {"years": []})
    year = year_param(request, default=years[0])
    if year not in years:
        raise Http404
    figures = annual_summary(year)
    latest = {}
    for kind in (ReportJob.Kind.SUMMARY, ReportJob.Kind.WORKBOOK):
        latest[kind] = (
            ReportJob.objects.filter(year=year, kind=kind, status="done")
            .order_by("-finished_at")
            .first()
        )
    today = services.fingerprint(figures)
    stale = {kind: job.fingerprint != today for kind, job in latest.items() if job}
    running = ReportJob.objects.filter(year=year, status__in=["queued", "running"]).select_related(
        "cadre"
    )
    forms = figures["forms"]
    return render(
        request,
        "reports/home.html",
        {
            "years": years,
            "year": year,
            "f": figures,
            "submitted": Ratio(forms["submitted"], forms["expected"]),
            "commended": Ratio(figures["commendation"]["count"], figures["commendation"]["of"]),
            "latest_summary": latest[ReportJob.Kind.SUMMARY],
            "latest_workbook": latest[ReportJob.Kind.WORKBOOK],
            "stale": stale,
            "setup_missing": Organisation.current().report_blockers(),
            "running": running,
            "recent": ReportJob.objects.filter(year=year).select_related("requested_by", "cadre")[
                :10
            ],
            # The per-cadre sheet's picker: one query, whatever the number of cadres (it was
            # one query per cadre for the agency's name: 2,292 queries at 3,321 communes).
            # Only the cadres whose sheet has something to show (services.cadres_with_sheet).
            "cadres": services.cadres_with_sheet(year)
            .order_by("search_name", "pk")
            # A commune's cadre (breakthrough tasks) has no agency: the commune's name instead.
            .values_list("pk", "full_name", Coalesce("agency__name", "commune__name")),
        },
    )


# The kinds this page builds; the central report's are requested on the centre's own page.
PROVINCE_KINDS = {ReportJob.Kind.SUMMARY, ReportJob.Kind.WORKBOOK, ReportJob.Kind.CADRE}


@require_POST
@can("reports.request_report")
def report_request(request):
    kind = request.POST.get("kind")
    year = year_param(request, source="POST")
    if kind not in PROVINCE_KINDS or year not in _years():
        raise Http404
    cadre = None
    if kind == ReportJob.Kind.CADRE:
        cadre = get_object_or_404(Cadre, pk=id_param(request, "cadre", source="POST"))
    try:
        job, enqueued = services.report_request(
            kind=kind,
            year=year,
            user=request.user,
            cadre=cadre,
            document_number=request.POST.get("number", "")[:20],
        )
    except ValidationError as exc:
        if exc.code == "not_set_up":
            messages.error(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    " ".join(exc.messages),
                    reverse("organisation_setup"),
                    _("Open the set-up page"),
                ),
            )
        else:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('reports:home')}?year={year}")
    # Enqueued: no message of its own; the page's "requested reports" box shows the job being
    # built, and that same box becomes the download link when the file is ready.
    if not enqueued:
        messages.warning(
            request,
            _(
                "The report service is not reachable right now. Your request is kept and will "
                "be built as soon as the service is back; this page shows it when it is ready."
            ),
        )
    return redirect(f"{reverse('reports:home')}?year={year}#job-{job.pk}")


def _job_for(request, pk):
    return get_object_or_404(
        ReportJob.objects.visible_to(request.user).select_related("requested_by"), pk=pk
    )


@login_required
def job_status(request, pk):
    """The progress bar's fragment, polled by htmx until the job ends. Opened as a page (a
    bookmark, a browser without scripts) it is a whole page that reloads itself until then."""
    job = _job_for(request, pk)
    if request.headers.get("HX-Request") == "true":
        return render(request, "reports/job_status.html", {"job": job})
    # The way back: the page where the job's kind is requested (reports.kinds), else this app's.
    builders = registered(job.kind)
    if builders is not None and builders.page:
        back = reverse(builders.page)
    else:
        back = f"{reverse('reports:home')}?year={job.year}"
    return render(request, "reports/job_status_page.html", {"job": job, "back": back})


@login_required
def job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    return logged_download(
        request,
        kind=PersonalDataAccess.Kind.REPORT,
        obj=job,
        label=job.filename,
        file=job.file,
        filename=job.filename,
    )


@can("reports.view_reportjob")
def results(request, year):
    """Each cadre's result for the year, and staff's overrides with their reasons.

    Staff change a result in one dialog, opened from the row's "Adjust" button and filled from
    the row by static/js/results.js; without scripts the button asks for the page again with
    ?adjust=<cadre>, which shows the same dialog open for that cadre. A refused change comes
    back with the dialog open, what was typed kept and the reason for the refusal."""
    from .figures import cadre_results
    from .forms import OverrideForm
    from .models import ResultOverride

    if year not in _years():
        raise Http404
    rows = cadre_results(year)  # every cadre: the rule is over all of a cadre's forms
    query = text_param(request, "q")
    keep = {k: v for k, v in (("q", query), ("page", request.GET.get("page", ""))) if v}
    back = f"{reverse('reports:results', args=[year])}?{urlencode(keep)}".rstrip("?")
    can_adjust = request.user.has_perm("reports.add_resultoverride")
    form, adjusting = OverrideForm(), None
    if request.method == "POST":
        if not can_adjust:
            raise PermissionDenied
        cadre = get_object_or_404(Cadre, pk=id_param(request, "cadre", source="POST"))
        form = OverrideForm(request.POST)
        form.fields["reason"].error_messages["required"] = _(
            "Give the reason for changing the result."
        )
        if form.is_valid():
            services.result_override(year=year, cadre=cadre, user=request.user, **form.cleaned_data)
            messages.success(
                request, _("The result of %(name)s was changed.") % {"name": cadre.full_name}
            )
            return redirect(back)
        adjusting = next((r for r in rows if r["cadre_id"] == cadre.pk), None) or {
            "cadre_id": cadre.pk,
            "name": cadre.full_name,
        }
    elif can_adjust and (adjust := id_param(request, "adjust")):
        adjusting = next((r for r in rows if r["cadre_id"] == adjust), None)
        if adjusting is None:
            raise Http404
        override = ResultOverride.objects.filter(year=year, cadre_id=adjust).first()
        if override:
            form = OverrideForm(initial=_override_choices(override))
    record_access(
        request,
        kind=PersonalDataAccess.Kind.RESULTS,
        action=PersonalDataAccess.Action.VIEW,
        obj=EvaluationRound.objects.get(year=year),
        label=_("Cadres' results, %(year)s") % {"year": year},
    )
    # A page at a time, with a search by name or agency: at 3,321 cadres the whole list, with
    # a form on each row for staff, was a page of several megabytes.
    if fold(query):
        rows = [r for r in rows if fold(query) in fold(f"{r['name']} {r['agency']}")]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    overrides = {}
    if can_adjust:
        # What the dialog starts from: the change already recorded, if any (one query).
        overrides = {
            o.cadre_id: _override_choices(o)
            for o in ResultOverride.objects.filter(
                year=year, cadre_id__in=[r["cadre_id"] for r in page.object_list]
            )
        }
    return render(
        request,
        "reports/results.html",
        {
            "year": year,
            "rows": page.object_list,
            "page_obj": page,
            "total": page.paginator.count,
            "q": query,
            "base_query": urlencode({"q": query}) if query else "",
            "keep_query": urlencode(keep),
            "back": back,
            "can_adjust": can_adjust,
            "overrides": overrides,
            "form": form,
            "adjusting": adjusting,
        },
    )


def _override_choices(override):
    """A recorded change as the dialog's fields read it ("yes", "no" or "" for as computed)."""
    as_choice = {True: "yes", False: "no", None: ""}
    return {
        "level": override.level,
        "commendation": as_choice[override.commendation],
        "replacement": as_choice[override.replacement],
        "reason": override.reason,
    }
