"""Workflows of the registry and the assignments: the rules of Kết luận 1016-KL/TU live here
(one leader : one commune, no commune left without a cadre when a leader leaves)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import run_import
from core.models import ImportUpload

from .imports import IMPORT_SPECS
from .models import Assignment, Cadre, CadreStatusChange, Commune

# A cadre who leaves ends their assignments for this reason.
_END_REASON_FOR_STATUS = {
    Cadre.Status.RETIRED: Assignment.EndReason.RETIRED,
    Cadre.Status.TRANSFERRED: Assignment.EndReason.TRANSFERRED,
}


def _d(day):
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def cadre_change_status(*, cadre, status, effective_on, note="", user=None):
    """Record a cadre's new status with its date, keeping the history.

    A cadre who retires or is transferred stops following their communes on that date, so
    the communes show at once as needing a cadre (Kết luận 1016-KL/TU: "no commune left
    without a cadre"; the agency head reports, the Standing Board reassigns).
    """
    change = CadreStatusChange(
        cadre=cadre, status=status, effective_on=effective_on, note=note, recorded_by=user
    )
    change.full_clean()
    change.save()
    latest = cadre.status_changes.order_by("-effective_on", "-recorded_at").first()
    cadre.status = latest.status
    cadre.status_changed_on = latest.effective_on
    cadre.save(update_fields=["status", "status_changed_on"])
    reason = _END_REASON_FOR_STATUS.get(status)
    if reason:
        for assignment in cadre.assignments.overlapping(effective_on + timedelta(days=1), None):
            if assignment.start_date > effective_on:
                # Planned to start after the cadre leaves: it never takes effect.
                assignment._history_user = user
                assignment.delete()
            else:
                assignment_end(
                    assignment=assignment,
                    end_date=effective_on,
                    reason=reason,
                    note=note,
                    user=user,
                )
    return change


def _holder_message(holder):
    return _("«%(commune)s» is already followed by %(cadre)s (%(agency)s) from %(start)s.") % {
        "commune": holder.commune.name,
        "cadre": holder.cadre.full_name,
        "agency": holder.cadre.agency.name,
        "start": _d(holder.start_date),
    }


@transaction.atomic
def assignment_create(
    *,
    cadre,
    commune,
    decision_number,
    decision_date,
    start_date,
    exception_reason="",
    note="",
    user=None,
):
    """Assign `cadre` to follow `commune` from `start_date` (Standing Board decision).

    Refused, with the reason: a cadre no longer in office; a commune not in force on that date;
    a commune already followed; a cadre who already follows a commune, unless the second one
    is recorded as an exception with its reason. The database holds the last two rules too,
    so two staff members assigning the same commune at once cannot both succeed.
    """
    exception_reason = (exception_reason or "").strip()
    # Two requests for the same commune (or cadre) queue here, commune first then cadre, so
    # the second one sees the first one's assignment and gets the plain message below.
    Commune.objects.select_for_update().filter(pk=commune.pk).exists()
    Cadre.objects.select_for_update().filter(pk=cadre.pk).exists()
    if not cadre.in_office:
        raise ValidationError(
            _("%(cadre)s is no longer in office (%(status)s).")
            % {"cadre": cadre.full_name, "status": cadre.get_status_display()}
        )
    if not Commune.objects.valid_on(start_date).filter(pk=commune.pk).exists():
        raise ValidationError(
            _("«%(commune)s» is not in force on %(date)s (administrative map).")
            % {"commune": commune.name, "date": _d(start_date)}
        )
    holder = (
        Assignment.objects.filter(commune=commune)
        .overlapping(start_date, None)
        .select_related("cadre__agency", "commune")
        .first()
    )
    if holder:
        raise ValidationError(_holder_message(holder))
    current = (
        Assignment.objects.filter(cadre=cadre, exception_reason="")
        .overlapping(start_date, None)
        .select_related("commune")
        .first()
    )
    if current and not exception_reason:
        raise ValidationError(
            _(
                "%(cadre)s already follows «%(commune)s». One leader follows one commune: end "
                "that assignment first, or give the reason for a temporary exception."
            )
            % {"cadre": cadre.full_name, "commune": current.commune.name}
        )
    assignment = Assignment(
        cadre=cadre,
        commune=commune,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        start_date=start_date,
        exception_reason=exception_reason if current else "",
        note=note,
        created_by=user,
    )
    assignment.full_clean()
    assignment._history_user = user
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        # Another request won the race between our checks and this insert.
        raise ValidationError(
            _(
                "This commune or cadre was assigned by someone else a moment ago. "
                "Reload the page to see the current assignment."
            )
        ) from exc
    return assignment


@transaction.atomic
def assignment_end(*, assignment, end_date, reason, note="", user=None):
    """End an assignment on `end_date` (the last day followed), with its reason."""
    if end_date < assignment.start_date:
        raise ValidationError(
            _("The end date is before the start of the assignment (%(start)s).")
            % {"start": _d(assignment.start_date)}
        )
    assignment.end_date = end_date
    assignment.end_reason = reason
    if note:
        assignment.note = f"{assignment.note}\n{note}".strip() if assignment.note else note
    assignment.full_clean()
    assignment._history_user = user
    assignment.save()
    return assignment


@transaction.atomic
def assignment_reassign(
    *,
    assignment,
    cadre,
    decision_number,
    decision_date,
    start_date,
    exception_reason="",
    note="",
    user=None,
):
    """Hand a commune over to another cadre from `start_date`: the current assignment ends the
    day before, the new one starts; both or neither."""
    if start_date <= assignment.start_date:
        raise ValidationError(
            _("The new assignment must start after %(start)s, when the current one began.")
            % {"start": _d(assignment.start_date)}
        )
    if assignment.cadre_id == cadre.pk:
        raise ValidationError(_("This cadre already follows this commune."))
    assignment_end(
        assignment=assignment,
        end_date=start_date - timedelta(days=1),
        reason=Assignment.EndReason.REASSIGNED,
        user=user,
    )
    return assignment_create(
        cadre=cadre,
        commune=assignment.commune,
        decision_number=decision_number,
        decision_date=decision_date,
        start_date=start_date,
        exception_reason=exception_reason,
        note=note,
        user=user,
    )


def _options_from_json(options):
    return {k: date.fromisoformat(v) for k, v in (options or {}).items() if v}


def import_preview(*, kind, uploaded, user, options=None):
    """Keep the uploaded workbook and run it as a dry run; returns (upload, result)."""
    upload = ImportUpload(
        kind=kind,
        original_name=uploaded.name[:255],
        uploaded_by=user,
        options={k: v.isoformat() for k, v in (options or {}).items() if v},
    )
    upload.file.save(uploaded.name, uploaded, save=False)
    upload.save()
    return upload, import_run(upload=upload, dry_run=True)


def import_run(*, upload, dry_run):
    spec = IMPORT_SPECS[upload.kind](
        user=upload.uploaded_by, options=_options_from_json(upload.options)
    )
    with upload.file.open("rb") as handle:
        return run_import(spec, handle, dry_run=dry_run)


def import_confirm(*, upload):
    """Write the workbook for real (all or nothing) and forget the file once written."""
    result = import_run(upload=upload, dry_run=False)
    if result.written:
        upload.applied_at = timezone.now()
        upload.save(update_fields=["applied_at"])
        upload.file.delete(save=False)
    return result
