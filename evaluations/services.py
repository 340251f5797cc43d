"""The year-end evaluation's workflows: prepare and open a round, fill and submit a form,
review it, manage the expected forms and the deadlines."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment

from .models import (
    Criterion,
    DeadlineExtension,
    EvaluationForm,
    EvaluationRound,
    FormEvent,
    LeftOutPair,
)

# DOMAIN.md's sensible default: the criteria of the first round; later rounds copy the last.
DEFAULT_CRITERIA = [
    ("Xây dựng chương trình, kế hoạch theo dõi đúng thời gian quy định", "", False),
    (
        "Về cơ sở, dự họp Đảng ủy, hội nghị, sinh hoạt chi bộ",
        "Ghi rõ số lượt về cơ sở và số cuộc họp đã dự",
        True,
    ),
    ("Nắm bắt tình hình địa phương", "", False),
    ("Hướng dẫn, giúp đỡ cơ sở tháo gỡ khó khăn, vướng mắc", "", False),
    ("Kịp thời đề xuất, kiến nghị với Ban Thường vụ Tỉnh ủy", "", False),
    ("Tinh thần trách nhiệm, phong cách, lề lối làm việc", "", False),
]


class StaleForm(Exception):
    """Someone saved the form since this editor loaded it: the second save is refused so that
    neither loses text silently."""


def _d(day):
    return day.strftime("%d/%m/%Y")


# --- rounds --------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    year,
    opens_on,
    deadline,
    late_policy=EvaluationRound.LatePolicy.ACCEPT,
    min_days=181,
    user=None,
):
    """A new round, its criteria copied from the latest earlier round (or the defaults)."""
    if EvaluationRound.objects.filter(year=year).exists():
        raise ValidationError(_("A round for %(year)s already exists.") % {"year": year})
    evaluation_round = EvaluationRound(
        year=year,
        opens_on=opens_on,
        deadline=deadline,
        late_policy=late_policy,
        min_days=min_days,
        created_by=user,
    )
    evaluation_round.full_clean()
    evaluation_round.save()
    previous = EvaluationRound.objects.filter(year__lt=year).order_by("-year").first()
    if previous and previous.criteria.exists():
        source = [(c.title, c.guidance, c.asks_count) for c in previous.criteria.all()]
    else:
        source = DEFAULT_CRITERIA
    Criterion.objects.bulk_create(
        Criterion(
            round=evaluation_round,
            position=n,
            title=title,
            guidance=guidance,
            asks_count=asks_count,
        )
        for n, (title, guidance, asks_count) in enumerate(source, start=1)
    )
    return evaluation_round


@transaction.atomic
def criteria_replace(*, evaluation_round, items):
    """Set the round's criteria (list of (title, guidance, asks_count)); only before opening,
    so that forms already filled in keep the questions they answered."""
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if evaluation_round.criteria_frozen:
        raise ValidationError(_("The criteria of an open round cannot change."))
    items = [(t.strip(), g.strip(), bool(a)) for t, g, a in items if t and t.strip()]
    if not items:
        raise ValidationError(_("A round needs at least one criterion."))
    evaluation_round.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(round=evaluation_round, position=n, title=t, guidance=g, asks_count=a)
        for n, (t, g, a) in enumerate(items, start=1)
    )


def expected_pairs(evaluation_round):
    """The (commune, cadre) pairs of the year with the days followed, and whether the rule
    expects a form (at least `min_days` days, cadre still in office at the end of the year).

    Returns (expected, left_out): lists of dicts.
    """
    year = evaluation_round.year
    pairs = {}
    for a in (
        Assignment.objects.in_year(year).select_related("cadre", "commune").order_by("start_date")
    ):
        key = (a.commune_id, a.cadre_id)
        days = a.days_in_year(year)
        start, end = a.period_in_year(year)
        if key in pairs:
            pair = pairs[key]
            pair["days"] += days
            pair["start"], pair["end"] = min(pair["start"], start), max(pair["end"], end)
        else:
            pairs[key] = {
                "commune": a.commune,
                "cadre": a.cadre,
                "days": days,
                "start": start,
                "end": end,
            }
    expected, left_out = [], []
    year_end = date(year, 12, 31)
    for pair in pairs.values():
        cadre = pair["cadre"]
        left = (
            not cadre.in_office
            and cadre.status_changed_on is not None
            and cadre.status_changed_on <= year_end
        )
        if left:
            left_out.append({**pair, "reason": LeftOutPair.Reason.CADRE_LEFT})
        elif pair["days"] < evaluation_round.min_days:
            left_out.append({**pair, "reason": LeftOutPair.Reason.TOO_SHORT})
        else:
            expected.append(pair)
    return expected, left_out


@transaction.atomic
def round_open(*, evaluation_round, user=None):
    """Open the round: freeze its criteria and create one form per expected pair; the pairs the
    rule leaves out are recorded with their reason."""
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if evaluation_round.opened_at:
        raise ValidationError(_("This round is already open."))
    if not evaluation_round.criteria.exists():
        raise ValidationError(_("A round needs at least one criterion."))
    expected, left_out = expected_pairs(evaluation_round)
    if not expected:
        raise ValidationError(
            _("No assignment covers %(days)d days of %(year)s: there is no form to expect.")
            % {"days": evaluation_round.min_days, "year": evaluation_round.year}
        )
    EvaluationForm.objects.bulk_create(
        EvaluationForm(
            round=evaluation_round,
            commune=p["commune"],
            cadre=p["cadre"],
            period_start=p["start"],
            period_end=p["end"],
            days_followed=p["days"],
        )
        for p in expected
    )
    LeftOutPair.objects.bulk_create(
        LeftOutPair(
            round=evaluation_round,
            commune=p["commune"],
            cadre=p["cadre"],
            period_start=p["start"],
            period_end=p["end"],
            days_followed=p["days"],
            reason=p["reason"],
        )
        for p in left_out
    )
    evaluation_round.opened_at = timezone.now()
    evaluation_round.save(update_fields=["opened_at"])
    return evaluation_round


@transaction.atomic
def round_close(*, evaluation_round, user=None):
    evaluation_round.closed_at = timezone.now()
    evaluation_round.save(update_fields=["closed_at"])
    return evaluation_round


@transaction.atomic
def expected_add(*, left_out, reason, user=None):
    """Staff expect a form the rule left out (e.g. a cadre who left in December), with why."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for adding this form."))
    if left_out.added_as_id:
        return left_out.added_as
    form = EvaluationForm.objects.create(
        round=left_out.round,
        commune=left_out.commune,
        cadre=left_out.cadre,
        period_start=left_out.period_start,
        period_end=left_out.period_end,
        days_followed=left_out.days_followed,
        added_reason=reason.strip(),
    )
    left_out.added_as = form
    left_out.save(update_fields=["added_as"])
    FormEvent.objects.create(form=form, kind=FormEvent.Kind.ADDED, by=user, message=reason)
    return form


@transaction.atomic
def expected_drop(*, form, reason, user=None):
    """Staff no longer expect a form (e.g. the commune was merged), with why. It stays listed."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for dropping this form."))
    if form.is_in:
        raise ValidationError(_("This form has been submitted; it cannot be dropped."))
    form.dropped_at = timezone.now()
    form.dropped_reason = reason.strip()
    form.save(update_fields=["dropped_at", "dropped_reason"])
    FormEvent.objects.create(form=form, kind=FormEvent.Kind.DROPPED, by=user, message=reason)
    return form


@transaction.atomic
def deadline_extend(*, evaluation_round, commune, deadline, reason, user=None):
    """Give one commune more time, with the reason; its forms show their own deadline."""
    if deadline <= evaluation_round.deadline:
        raise ValidationError(
            _("The new deadline must be after the round's deadline (%(date)s).")
            % {"date": _d(evaluation_round.deadline)}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    extension, _created = DeadlineExtension.objects.update_or_create(
        round=evaluation_round,
        commune=commune,
        defaults={"deadline": deadline, "reason": reason.strip(), "granted_by": user},
    )
    return extension


# --- forms ---------------------------------------------------------------------------------

FIELDS = [
    "visits",
    "meetings",
    "level",
    "propose_commendation",
    "propose_replacement",
    "replacement_reason",
    "strengths",
    "shortcomings",
    "recommendations",
    "signer_name",
    "signer_title",
    "signed_on",
]


def missing_for_submission(form, data, criteria):
    """What a complete form still lacks: {field: message}. A draft may lack anything."""
    errors = {}
    for criterion in criteria:
        answer = data["answers"].get(str(criterion.pk), {})
        if not (answer.get("comment") or "").strip():
            errors[f"c{criterion.pk}_comment"] = _("Write a comment on this criterion.")
    for name in ("visits", "meetings"):
        if data.get(name) is None:
            errors[name] = _("Give the number, 0 if none.")
    if not data.get("level"):
        errors["level"] = _("Choose the completion level.")
    for name in ("propose_commendation", "propose_replacement"):
        if data.get(name) is None:
            errors[name] = _("Answer yes or no.")
    if data.get("propose_replacement") and not (data.get("replacement_reason") or "").strip():
        errors["replacement_reason"] = _("Give the reason for proposing a replacement.")
    for name in ("signer_name", "signer_title", "signed_on"):
        if not data.get(name):
            errors[name] = _("Required to submit.")
    return errors


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
    if submit and locked.is_in:
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
