"""Workflows of the registry and the assignments: the rules of Kết luận 1016-KL/TU live here
(one leader : one commune, no commune left without a cadre when a leader leaves)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.formats import ddmmyyyy

from .models import Assignment, Cadre, CadreStatusChange, Commune

# A cadre who leaves ends their assignments for this reason.
_END_REASON_FOR_STATUS = {
    Cadre.Status.RETIRED: Assignment.EndReason.RETIRED,
    Cadre.Status.TRANSFERRED: Assignment.EndReason.TRANSFERRED,
}


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

    Refused, with the reason: a cadre no longer in office; and what `Assignment.clean` refuses
    (a date before the decision, a commune not in force on that date, a commune already
    followed, a cadre who already follows a commune without a recorded exception). The database
    holds the last two rules too, so two staff members assigning the same commune at once
    cannot both succeed.
    """
    # Two requests for the same commune (or cadre) queue here, commune first then cadre, so
    # the second one sees the first one's assignment and gets the plain message of clean().
    Commune.objects.select_for_update().filter(pk=commune.pk).exists()
    Cadre.objects.select_for_update().filter(pk=cadre.pk).exists()
    if not cadre.in_office:
        raise ValidationError(
            {
                "cadre": _("%(cadre)s is no longer in office (%(status)s).")
                % {"cadre": cadre.full_name, "status": cadre.get_status_display()}
            }
        )
    assignment = Assignment(
        cadre=cadre,
        commune=commune,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        start_date=start_date,
        exception_reason=exception_reason or "",
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
    before = (assignment.end_date, assignment.end_reason, assignment.note)
    assignment.end_date = end_date
    assignment.end_reason = reason
    if note:
        assignment.note = f"{assignment.note}\n{note}".strip() if assignment.note else note
    try:
        assignment.full_clean()  # Assignment.clean: not before its start
    except ValidationError:
        assignment.end_date, assignment.end_reason, assignment.note = before
        raise
    assignment._history_user = user
    assignment.save()
    return assignment


@transaction.atomic
def assignment_replace(
    *,
    replaced,
    cadre,
    commune,
    decision_number,
    decision_date,
    start_date,
    exception_reason="",
    note="",
    user=None,
):
    """A new Standing Board decision: `cadre` follows `commune` from `start_date`, and each
    assignment in `replaced` still running then ends the day before (a change of assignment,
    noted with the new decision's number). Both or neither: a refusal of the new assignment
    leaves the replaced ones running. The reassign page replaces the assignment it was opened
    on; the annex import, what its row's decision supersedes. Returns the new assignment."""
    last_day = start_date - timedelta(days=1)
    for previous in replaced:
        if start_date <= previous.start_date:
            raise ValidationError(
                {
                    "start_date": _(
                        "The new assignment must start after %(start)s, when the current one began."
                    )
                    % {"start": ddmmyyyy(previous.start_date)}
                }
            )
        if previous.end_date is None or previous.end_date > last_day:
            assignment_end(
                assignment=previous,
                end_date=last_day,
                reason=Assignment.EndReason.REASSIGNED,
                note=_("Replaced by decision %(number)s") % {"number": decision_number.strip()},
                user=user,
            )
    return assignment_create(
        cadre=cadre,
        commune=commune,
        decision_number=decision_number,
        decision_date=decision_date,
        start_date=start_date,
        exception_reason=exception_reason,
        note=note,
        user=user,
    )
