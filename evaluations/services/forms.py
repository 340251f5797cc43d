"""A form's workflows: the commune (or staff for it) saves a draft or submits; staff return it
for correction or accept it; what changed since it was returned."""

import contextlib
import copy

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


def _cannot_submit(form, data, as_staff, criteria):
    errors = missing_for_submission(form, data, criteria)
    if not as_staff and not form.accepts_submission():
        errors[NON_FIELD_ERRORS] = _("The deadline has passed: this round no longer accepts forms.")
    return errors


def _criteria(form, criteria):
    return form.round.criteria_in_order() if criteria is None else criteria


def form_ready_errors(form, *, as_staff=False, criteria=None):
    """Why the form as saved cannot be sent now ({field: message}): what it lacks, or a deadline
    passed in a round closed to late forms. Empty when it can be sent: the confirmation step is
    shown only then."""
    return _cannot_submit(form, form.snapshot(), as_staff, _criteria(form, criteria))


def form_review(*, form, data, version, user, ip=None, as_staff=False, criteria=None):
    """The step before submitting: what the editor typed is checked as the submission will
    check it (ValidationError for what is missing, and nothing saved), then saved as a draft, so
    that nothing is lost while they read the confirmation. StaleForm as form_save."""
    criteria = _criteria(form, criteria)
    errors = _cannot_submit(form, data, as_staff, criteria)
    if errors:
        raise ValidationError(errors)
    return form_save(
        form=form,
        data=data,
        version=version,
        user=user,
        ip=ip,
        as_staff=as_staff,
        criteria=criteria,
    )


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


# What a save writes: the answers and the form's state. Nothing else of the row (its pair, a
# reviewer's dates, a drop) is ever written by a save.
SAVED_FIELDS = (
    "answers",
    *FIELDS,
    "status",
    "submitted_at",
    "submitted_late",
    "version",
    "updated_at",
)


def form_save(*, form, data, version, user, submit=False, ip=None, as_staff=False, criteria=None):
    """Save what an editor typed (a draft), or submit it; returns the form as saved.

    `form` is the row as this request loaded it (with its round; `with_deadline` spares the
    query for the commune's deadline); it is left as it was. The save is one UPDATE that holds
    only if the stored version is still the one the editor loaded (every other change to a form
    moves its version on): a save based on an older version raises StaleForm (two tabs, a staff
    member and the commune at once: nobody's text is silently overwritten). Submitting twice (a
    double click) leaves one submitted form.
    """
    if submit and form.is_received:
        return form  # a second click on "submit": the form is in, once
    if form.version != version:
        raise StaleForm
    if not as_staff:
        if not form.editable_by_commune:
            raise ValidationError(_("This form has been submitted and can no longer be changed."))
        if submit and not form.accepts_submission():
            raise ValidationError(_("The deadline has passed: this round no longer accepts forms."))
        if not form.round.is_open:
            raise ValidationError(_("This round is not open."))
    if submit:
        errors = missing_for_submission(form, data, _criteria(form, criteria))
        if errors:
            raise ValidationError(errors)
    saved = copy.copy(form)
    _apply(saved, data)
    if saved.propose_replacement and not saved.replacement_reason:
        # Even in a draft: the database holds this rule (form_replacement_has_reason), and its
        # own message would name the constraint, in English.
        raise ValidationError(
            {"replacement_reason": _("Give the reason for proposing a replacement.")}
        )
    now = timezone.now()
    if submit:
        saved.status = EvaluationForm.Status.SUBMITTED
        saved.submitted_at = now
        saved.submitted_late = timezone.localdate() > form.deadline
    elif saved.status == EvaluationForm.Status.NEW:
        saved.status = EvaluationForm.Status.DRAFT
    saved.version = version + 1
    saved.updated_at = now
    # The fields' own rules. The pair (round, commune, cadre) is not written by a save, and the
    # database holds the constraints (the one a user can break is checked above in Vietnamese):
    # checking them here would cost queries on every save.
    saved.full_clean(
        exclude=["round", "commune", "cadre"], validate_unique=False, validate_constraints=False
    )
    event = None
    if submit or as_staff:
        event = FormEvent.Kind.SUBMITTED if submit else FormEvent.Kind.EDITED_BY_STAFF
    # A draft is one statement; a submission writes its event with it, all or nothing.
    with transaction.atomic() if event else contextlib.nullcontext():
        values = {name: getattr(saved, name) for name in SAVED_FIELDS}
        if not EvaluationForm.objects.filter(pk=form.pk, version=version).update(**values):
            stored = EvaluationForm.objects.select_related("round").get(pk=form.pk)
            if submit and stored.is_received:
                return stored  # the first click's submission went in meanwhile
            raise StaleForm
        if event:
            FormEvent.objects.create(
                form=saved, kind=event, by=user, ip=ip, at=now, snapshot=saved.snapshot()
            )
    return saved


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
