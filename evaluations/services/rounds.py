"""A round's workflows: prepare it (criteria), open it (the expected forms and the pairs the
rule leaves out), close it; staff add or drop an expected form, extend a commune's deadline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment
from core.formats import ddmmyyyy

from ..models import (
    MIN_DAYS_IN_YEAR,
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


@transaction.atomic
def round_create(
    *,
    year,
    opens_on,
    deadline,
    late_policy=EvaluationRound.LatePolicy.ACCEPT,
    min_days=MIN_DAYS_IN_YEAR,
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
    if form.is_received:
        raise ValidationError(_("This form has been submitted; it cannot be dropped."))
    form.dropped_at = timezone.now()
    form.dropped_reason = reason.strip()
    form.version += 1  # an editor's save based on the version before is refused (StaleForm)
    form.save(update_fields=["dropped_at", "dropped_reason", "version"])
    FormEvent.objects.create(form=form, kind=FormEvent.Kind.DROPPED, by=user, message=reason)
    return form


@transaction.atomic
def deadline_extend(*, evaluation_round, commune, deadline, reason, user=None):
    """Give one commune more time, with the reason; its forms show their own deadline."""
    if deadline <= evaluation_round.deadline:
        raise ValidationError(
            _("The new deadline must be after the round's deadline (%(date)s).")
            % {"date": ddmmyyyy(evaluation_round.deadline)}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    extension, _created = DeadlineExtension.objects.update_or_create(
        round=evaluation_round,
        commune=commune,
        defaults={"deadline": deadline, "reason": reason.strip(), "granted_by": user},
    )
    return extension
