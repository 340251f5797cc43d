"""Report jobs: requested by a click (or the command), built by a Celery task after the
transaction commits, idempotent, never marked done without its file."""

import hashlib
import json
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from assignments.models import Cadre
from core.formats import ddmmyyyy
from core.models import Organisation
from evaluations.models import EvaluationForm

from . import render
from .figures import (
    annual_summary,
    cadre_results,
    cadre_task_rows,
    is_provisional,
    year_task_cadres,
)

# Apps above reports add their kinds through register_kind (reports.kinds).
from .kinds import register_kind, registered  # noqa: F401
from .models import ReportJob

# What the workbook adds to the annual figures (figures_for): every form's row, the criteria.
_WORKBOOK_EXTRAS = ("form_rows", "criteria")
# Not part of what the reports page compares: the moment the figures were computed, and the
# workbook's extras, which the page does not compute.
_NOT_FINGERPRINTED = {"computed_at", *_WORKBOOK_EXTRAS}


def fingerprint(figures):
    """What the annual figures say: the same for a summary and a workbook built from the same
    data, and for the annual figures the reports page computes now."""
    data = {k: v for k, v in figures.items() if k not in _NOT_FINGERPRINTED}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _form_rows(year):
    rows = []
    forms = (
        EvaluationForm.objects.filter(round__year=year, dropped_at__isnull=True)
        .select_related("commune", "cadre__agency", "round")
        .order_by("commune__search_name", "cadre__search_name")
    )
    criteria = None
    for form in forms:
        if criteria is None:
            criteria = form.round.criteria_in_order()
        rows.append(
            {
                "code": form.commune.code,
                "commune": form.commune.name,
                "cadre": form.cadre.full_name,
                "agency": form.cadre.unit_name,
                "status": str(form.get_status_display()),
                "submitted_on": form.submitted_at.date().isoformat() if form.submitted_at else "",
                "late": form.submitted_late,
                "comments": [form.answer(c.pk, "comment") for c in criteria],
                "visits": form.visits,
                "meetings": form.meetings,
                "level": form.level,
                "commendation": form.propose_commendation,
                "replacement": form.propose_replacement,
                "replacement_reason": form.replacement_reason,
                "strengths": form.strengths,
                "shortcomings": form.shortcomings,
                "recommendations": form.recommendations,
                "signer": f"{form.signer_title} {form.signer_name}".strip(),
            }
        )
    return rows, [{"title": c.title} for c in (criteria or [])]


def figures_for(job):
    builders = registered(job.kind)
    if builders is not None:
        return builders.figures(job)
    if job.kind == ReportJob.Kind.CADRE:
        return cadre_figures(job.year, job.cadre)
    figures = annual_summary(job.year)
    if job.kind == ReportJob.Kind.WORKBOOK:
        figures.update(zip(_WORKBOOK_EXTRAS, _form_rows(job.year), strict=True))
    return figures


def cadre_figures(year, cadre):
    result = next((r for r in cadre_results(year) if r["cadre_id"] == cadre.pk), None)
    forms = (
        EvaluationForm.objects.filter(round__year=year, cadre=cadre, dropped_at__isnull=True)
        .select_related("commune", "round")
        .order_by("commune__search_name")
    )
    rows = []
    criteria = None  # one round a year: its criteria once, not once per form
    for form in forms:
        if criteria is None:
            criteria = form.round.criteria_in_order()
        rows.append(
            {
                "commune": form.commune.name,
                "committee": form.commune.committee_name,
                "status": str(form.get_status_display()),
                "period": f"{ddmmyyyy(form.period_start)} – {ddmmyyyy(form.period_end)}",
                "answers": [(c.title, form.answer(c.pk, "comment")) for c in criteria],
                "visits": form.visits,
                "meetings": form.meetings,
                "level": form.level,
                "commendation": form.propose_commendation,
                "replacement": form.propose_replacement,
                "replacement_reason": form.replacement_reason,
                "strengths": form.strengths,
                "shortcomings": form.shortcomings,
                "recommendations": form.recommendations,
                "signer": f"{form.signer_title} {form.signer_name}".strip(),
                "signed_on": ddmmyyyy(form.signed_on),
            }
        )
    organisation = Organisation.current()
    return {
        "year": year,
        "computed_at": timezone.now().isoformat(),
        "cadre": {"name": cadre.full_name, "position": cadre.position, "agency": cadre.unit_name},
        "result": result,
        "forms": rows,
        # Breakthrough tasks (issue 18): beside the communes' evaluation, not counted in it.
        "tasks": cadre_task_rows(year, cadre),
        "provisional": is_provisional(year),
        "organisation": {
            "party_committee": organisation.party_committee,
            "department": organisation.department,
            "place_name": organisation.place_name,
        },
    }


def render_job(job, figures):
    builders = registered(job.kind)
    if builders is not None:
        return builders.render(job, figures)
    if job.kind == ReportJob.Kind.SUMMARY:
        return render.summary_pdf(
            figures, document_number=job.document_number, issued_on=timezone.localdate()
        )
    if job.kind == ReportJob.Kind.WORKBOOK:
        return render.workbook(figures)
    return render.cadre_pdf(figures, issued_on=timezone.localdate())


# The kinds that print the issuing body, the date line and a signature block.
PRINTED_KINDS = {ReportJob.Kind.SUMMARY, ReportJob.Kind.CADRE}


def report_check_printable(kind):
    """Refuse a document the set-up cannot head or sign (Organisation.report_blockers)."""
    builders = registered(kind)
    if kind not in PRINTED_KINDS and not (builders and builders.printed):
        return
    missing = Organisation.current().report_blockers()
    if missing:
        raise ValidationError(
            _("The set-up lacks %(fields)s: a report cannot be printed without them.")
            % {"fields": ", ".join(str(f) for f in missing)},
            code="not_set_up",
        )


def cadres_with_sheet(year):
    """The cadres whose per-cadre sheet has something to show in `year`: at least one form a
    commune has sent, or a breakthrough task assigned (issue 18: a cadre with a task and no
    form gets a sheet). The reports page lists these, and only these can be printed."""
    received = EvaluationForm.objects.filter(round__year=year).received()
    return Cadre.objects.filter(
        Q(pk__in=received.values("cadre_id")) | Q(pk__in=year_task_cadres(year))
    )


def report_check_cadre(*, year, cadre):
    """Refuse a per-cadre sheet with nothing to show (no form sent for the cadre that year):
    an empty PDF would go into the cadre's rating file as if it were a result."""
    if not cadres_with_sheet(year).filter(pk=cadre.pk).exists():
        raise ValidationError(
            _(
                "No commune has sent an evaluation form on %(name)s for %(year)s: there is "
                "nothing to print on a per-cadre sheet."
            )
            % {"name": cadre.full_name, "year": year},
            code="nothing_to_show",
        )


def report_request(*, kind, year, user, cadre=None, document_number=""):
    """Record the job, then enqueue its task once the row is committed.

    Returns (job, enqueued). If the broker cannot be reached the job stays queued and
    `requeue_waiting` (Celery beat) sends it again once the broker is back.
    """
    report_check_printable(kind)
    if kind == ReportJob.Kind.CADRE:
        report_check_cadre(year=year, cadre=cadre)
    outcome = []
    with transaction.atomic():
        job = ReportJob.objects.create(
            kind=kind,
            year=year,
            cadre=cadre,
            requested_by=user,
            document_number=document_number.strip(),
        )
        # Sent only once the row is committed, so a worker never looks for a missing job.
        transaction.on_commit(lambda: outcome.append(enqueue(job)))
    # Inside an outer transaction the message leaves later, at its commit.
    return job, outcome[0] if outcome else True


def enqueue(job):
    """Send the job's task; False when the broker cannot be reached (the job stays queued).

    One attempt (core.broker.send_once); `requeue_waiting` tries again."""
    from core.broker import send_once

    from .tasks import build_report

    return send_once(build_report, job.pk)


BUILD_TIME_LIMIT = 900  # seconds a build may take; a job "running" for longer lost its worker


def requeue_waiting():
    """Jobs still queued after a minute (the broker was down when they were requested, or their
    message was lost), and jobs "running" past the build's time limit (their worker died with
    them), are sent again; returns the ids sent. Building is idempotent, and a job whose worker
    died too often ends failed (MAX_ATTEMPTS)."""
    now = timezone.now()
    waiting = ReportJob.objects.filter(
        Q(status=ReportJob.Status.QUEUED, created_at__lt=now - timedelta(minutes=1))
        | Q(
            status=ReportJob.Status.RUNNING,
            started_at__lt=now - timedelta(seconds=BUILD_TIME_LIMIT + 60),
        )
    )
    return [job.pk for job in waiting if enqueue(job)]


# A job's task is run again when its worker dies (acks_late, reject_on_worker_lost) and on
# database errors (three retries); past this many starts the job ends failed.
MAX_ATTEMPTS = 5


def _progress(job, value, **fields):
    ReportJob.objects.filter(pk=job.pk).update(progress=value, **fields)


def report_build(*, job):
    """Build the job's file. Idempotent: a job already done is left alone; a job left running
    by a worker that died is built again from scratch. The file is stored first, and only then
    is the job marked done, in one update."""
    job.refresh_from_db()
    if job.status == ReportJob.Status.DONE and job.file:
        return job
    if job.attempts >= MAX_ATTEMPTS:
        # Its worker died every time (e.g. killed for memory): redelivering it again would only
        # kill the next one.
        with override("vi"):  # stored, and shown to everyone, in Vietnamese
            report_fail(
                job=job,
                message=_("the build was interrupted %(count)d times") % {"count": job.attempts},
            )
        return job
    _progress(
        job,
        5,
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now(),
        attempts=job.attempts + 1,
        error="",
    )
    figures = figures_for(job)
    _progress(job, 40)
    content = render_job(job, figures)
    _progress(job, 85)
    storage_field = job.file
    name = storage_field.storage.save(
        storage_field.field.generate_filename(job, job.filename), ContentFile(content)
    )
    ReportJob.objects.filter(pk=job.pk).update(
        file=name,
        figures=figures,
        fingerprint=fingerprint(figures),
        progress=100,
        status=ReportJob.Status.DONE,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def report_fail(*, job, message):
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.FAILED,
        finished_at=timezone.now(),
        error=_("The report could not be built: %(reason)s") % {"reason": message},
    )


def current_fingerprint(year):
    return fingerprint(annual_summary(year))


@transaction.atomic
def result_override(*, year, cadre, level, commendation, replacement, reason, user=None):
    """Staff set a cadre's yearly result by hand, with the reason (DECISIONS: counting)."""
    from .models import ResultOverride

    override, _created = ResultOverride.objects.update_or_create(
        year=year,
        cadre=cadre,
        defaults={
            "level": level or "",
            "commendation": commendation,
            "replacement": replacement,
            "reason": reason.strip(),
            "recorded_by": user,
        },
    )
    override.full_clean()
    return override
