"""A form's workflows: the commune (or staff for it) saves a draft or submits; staff return it
for correction or accept it; what changed since it was returned."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import EvaluationForm, FormEvent


class StaleForm(Exception):
    """Someone saved the form since this editor loaded it: the second save is refused so that
    neither loses text silently."""


FIELDS = EvaluationForm.ANSWER_FIELDS


# What a submitted form must hold besides a comment on every criterion (and the reason for a
# replacement, when one is proposed), with the message when it lacks it. The form marks these
# fields as required in their labels (EvaluationFormForm.required_to_submit).
REQUIRED_TO_SUBMIT = {
    "visits": gettext_lazy("Give the number, 0 if none."),
    "meetings": gettext_lazy("Give the number, 0 if none."),
    "level": gettext_lazy("Choose the completion level."),
    "propose_commendation": gettext_lazy("Answer yes or no."),
    "propose_replacement": gettext_lazy("Answer yes or no."),
    "signer_name": gettext_lazy("Required to submit."),
    "signer_title": gettext_lazy("Required to submit."),
    "signed_on": gettext_lazy("Required to submit."),
}


# The counts are asked under a criterion that asks for them (EvaluationCriterion.asks_count):
# a round whose criteria ask for none does not show them, so cannot require them.
COUNTS = ("visits", "meetings")


def required_to_submit(criteria):
    """{field: message} a submission needs, besides the criteria's comments, for a round with
    these criteria."""
    asks_counts = any(criterion.asks_count for criterion in criteria)
    return {
        name: message
        for name, message in REQUIRED_TO_SUBMIT.items()
        if asks_counts or name not in COUNTS
    }


def missing_for_submission(form, data, criteria):
    """What a complete form still lacks: {field: message}. A draft may lack anything."""
    errors = {}
    for criterion in criteria:
        answer = data["answers"].get(str(criterion.pk), {})
        if not (answer.get("comment") or "").strip():
            errors[f"c{criterion.pk}_comment"] = _("Write a comment on this criterion.")
    for name, message in required_to_submit(criteria).items():
        if data.get(name) in (None, ""):  # 0 visits and "no" are answers
            errors[name] = str(message)
    if data.get("propose_replacement") and not (data.get("replacement_reason") or "").strip():
        errors["replacement_reason"] = _("Give the reason for proposing a replacement.")
    return errors


def _cannot_submit(form, data, as_staff):
    errors = missing_for_submission(form, data, list(form.round.criteria.all()))
    if not as_staff and not form.round.accepts_submissions(form.commune_id):
        errors[NON_FIELD_ERRORS] = _("The deadline has passed: this round no longer accepts forms.")
    return errors


def form_ready_errors(form, *, as_staff=False):
    """Why the form as saved cannot be sent now ({field: message}): what it lacks, or a deadline
    passed in a round closed to late forms. Empty when it can be sent: the confirmation step is
    shown only then."""
    return _cannot_submit(form, form.snapshot(), as_staff)


@transaction.atomic
def form_review(*, form, data, version, user, ip=None, as_staff=False):
    """The step before submitting: what the editor typed is checked as the submission will
    check it (ValidationError for what is missing, and nothing saved), then saved as a draft, so
    that nothing is lost while they read the confirmation. StaleForm as form_save."""
    errors = _cannot_submit(form, data, as_staff)
    if errors:
        raise ValidationError(errors)
    return form_save(form=form, data=data, version=version, user=user, ip=ip, as_staff=as_staff)


def _apply(form, data):
    form.answers = data["answers"]
    for name in FIELDS:
        setattr(form, name, data.get(name))
    for name in (
        "replacement_reason",
        "strengths",
        "shortcomings",
        "recommendations",
        "signer_name",
        "signer_title",
    ):
        setattr(form, name, (getattr(form, name) or "").strip())
    if not form.propose_replacement:
        form.replacement_reason = ""


@transaction.atomic
def form_save(*, form, data, version, user, submit=False, ip=None, as_staff=False):
    """Save what an editor typed (a draft), or submit it.

    The form row is locked while saving; a save based on an older version than the one stored
    raises StaleForm (two tabs, a staff member and the commune at once: nobody's text is
    silently overwritten). Submitting twice (a double click) leaves one submitted form.
    """
    locked = EvaluationForm.objects.select_for_update().select_related("round").get(pk=form.pk)
    if submit and locked.is_received:
        return locked  # a second click on "submit": the form is in, once
    if locked.version != version:
        raise StaleForm
    if not as_staff:
        if not locked.editable_by_commune:
            raise ValidationError(_("This form has been submitted and can no longer be changed."))
        if submit and not locked.round.accepts_submissions(locked.commune_id):
            raise ValidationError(_("The deadline has passed: this round no longer accepts forms."))
        if not locked.round.is_open:
            raise ValidationError(_("This round is not open."))
    criteria = list(locked.round.criteria.all())
    if submit:
        errors = missing_for_submission(locked, data, criteria)
        if errors:
            raise ValidationError(errors)
    _apply(locked, data)
    if locked.propose_replacement and not locked.replacement_reason:
        # Even in a draft: the database holds this rule (form_replacement_has_reason), and its
        # own message would name the constraint, in English.
        raise ValidationError(
            {"replacement_reason": _("Give the reason for proposing a replacement.")}
        )
    now = timezone.now()
    if submit:
        locked.status = EvaluationForm.Status.SUBMITTED
        locked.submitted_at = now
        deadline = locked.round.deadline_for(locked.commune_id)
        locked.submitted_late = timezone.localdate() > deadline
    elif locked.status == EvaluationForm.Status.NEW:
        locked.status = EvaluationForm.Status.DRAFT
    locked.version += 1
    # The pair (round, commune, cadre) was read under the lock and is not changed here: checking
    # again that its rows exist and that it is unique would cost four queries on every save.
    locked.full_clean(exclude=["round", "commune", "cadre"])
    locked.save()
    if submit or as_staff:
        kind = FormEvent.Kind.SUBMITTED if submit else FormEvent.Kind.EDITED_BY_STAFF
        FormEvent.objects.create(
            form=locked, kind=kind, by=user, ip=ip, at=now, snapshot=locked.snapshot()
        )
    return locked


@transaction.atomic
def form_return(*, form, message, criterion_comments=None, user=None):
    """Send a submitted form back for correction with the reviewer's message (and a comment per
    criterion where needed); the commune can edit it again and sees why."""
    locked = EvaluationForm.objects.select_for_update().get(pk=form.pk)
    if locked.status != EvaluationForm.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted form can be returned."))
    if not message.strip():
        raise ValidationError(_("Say what needs correcting."))
    locked.status = EvaluationForm.Status.RETURNED
    locked.reviewed_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "reviewed_at", "version", "updated_at"])
    comments = {k: v.strip() for k, v in (criterion_comments or {}).items() if v and v.strip()}
    FormEvent.objects.create(
        form=locked,
        kind=FormEvent.Kind.RETURNED,
        by=user,
        message=message.strip(),
        criterion_comments=comments,
        snapshot=locked.snapshot(),
    )
    return locked


@transaction.atomic
def form_accept(*, form, user=None):
    locked = EvaluationForm.objects.select_for_update().get(pk=form.pk)
    if locked.status != EvaluationForm.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted form can be accepted."))
    locked.status = EvaluationForm.Status.ACCEPTED
    locked.reviewed_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "reviewed_at", "version", "updated_at"])
    FormEvent.objects.create(form=locked, kind=FormEvent.Kind.ACCEPTED, by=user)
    return locked


def last_return(form):
    return form.events.filter(kind=FormEvent.Kind.RETURNED).first()


def changes_since_return(form, criteria):
    """What the commune changed since the form was returned: [(label, before, after)]."""
    event = last_return(form)
    if event is None:
        return []
    before, after = event.snapshot, form.snapshot()
    labels = {name: str(EvaluationForm._meta.get_field(name).verbose_name) for name in FIELDS}
    changes = []
    for name in FIELDS:
        if before.get(name) != after.get(name):
            changes.append((labels[name], before.get(name), after.get(name)))
    for criterion in criteria:
        key = str(criterion.pk)
        old, new = before.get("answers", {}).get(key, {}), after.get("answers", {}).get(key, {})
        if old != new:
            changes.append((criterion.title, old.get("comment", ""), new.get("comment", "")))
    return changes
