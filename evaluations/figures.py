"""Completeness of a round and the year's results: counted over expected forms (one per
(commune, cadre) pair of the round), never over whatever happens to have arrived."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from assignments.models import year_has_districts
from core.ratio import Ratio
from evaluations.models import DeadlineExtension, EvaluationForm

# EvaluationForm.RECEIVED as a filter of the counts below (the rule itself is on the model).
_RECEIVED = Q(status__in=EvaluationForm.RECEIVED)
_ACCEPTED = Q(status=EvaluationForm.Status.ACCEPTED)


def _counts(queryset, *group_by):
    return (
        queryset.values(*group_by)
        .annotate(
            expected=Count("id"),
            submitted=Count("id", filter=_RECEIVED),
            accepted=Count("id", filter=_ACCEPTED),
            late=Count("id", filter=_RECEIVED & Q(submitted_late=True)),
        )
        .order_by(*group_by)
    )


@dataclass
class Completeness:
    round: object
    expected: int
    submitted: Ratio
    accepted: Ratio
    on_time: int
    late: int
    returned: int
    communes_complete: Ratio
    by_district: list = field(default_factory=list)
    by_agency: list = field(default_factory=list)

    @property
    def missing(self):
        return self.expected - self.submitted.numerator


def completeness(evaluation_round):
    forms = EvaluationForm.objects.filter(round=evaluation_round).expected()
    totals = forms.aggregate(
        expected=Count("id"),
        submitted=Count("id", filter=_RECEIVED),
        accepted=Count("id", filter=_ACCEPTED),
        late=Count("id", filter=_RECEIVED & Q(submitted_late=True)),
        returned=Count("id", filter=Q(status=EvaluationForm.Status.RETURNED)),
    )
    per_commune = forms.values("commune_id").annotate(
        n=Count("id"), done=Count("id", filter=_RECEIVED)
    )
    communes = list(per_commune)
    complete = sum(1 for c in communes if c["n"] == c["done"])
    by_district = []
    if year_has_districts(evaluation_round.year):
        by_district = list(_counts(forms, "commune__district__name"))
    return Completeness(
        round=evaluation_round,
        expected=totals["expected"],
        submitted=Ratio(totals["submitted"], totals["expected"]),
        accepted=Ratio(totals["accepted"], totals["expected"]),
        on_time=totals["submitted"] - totals["late"],
        late=totals["late"],
        returned=totals["returned"],
        communes_complete=Ratio(complete, len(communes)),
        by_district=by_district,
        by_agency=list(_counts(forms, "cadre__agency__name")),
    )


def stated_visits(year):
    """The visits and meetings the communes state on the forms received for `year`:
    {"visits": n, "meetings": n}. The annual summary prints them beside the visits the cadres
    logged (activity.figures.logged_visits)."""
    sums = (
        EvaluationForm.objects.filter(round__year=year)
        .received()
        .aggregate(visits=Sum("visits"), meetings=Sum("meetings"))
    )
    return {name: value or 0 for name, value in sums.items()}


@dataclass
class MissingCommune:
    commune: object
    missing: int
    expected: int
    deadline: object
    accounts_email: str


def missing_communes(evaluation_round, limit=None):
    """Communes that still owe at least one form, with their contact and their own deadline.

    `limit`: only the first rows in the list's order (the round page shows ten); the database
    cuts the list, so a page watched all deadline week does not load every commune to show ten.
    """
    forms = (
        EvaluationForm.objects.filter(round=evaluation_round)
        .expected()
        .values("commune_id")
        .annotate(expected=Count("id"), missing=Count("id", filter=~_RECEIVED))
        .filter(missing__gt=0)
    )
    counts = {row["commune_id"]: row for row in forms}
    extensions = dict(
        DeadlineExtension.objects.filter(round=evaluation_round).values_list(
            "commune_id", "deadline"
        )
    )
    from assignments.models import Commune

    communes = (
        Commune.objects.filter(pk__in=counts)
        .select_related("district", "province")
        .prefetch_related("accounts")
        .order_by("district__search_name", "search_name")
    )
    if limit is not None:
        communes = communes[:limit]
    rows = []
    for commune in communes:
        row = counts[commune.pk]
        emails = ", ".join(a.email for a in commune.accounts.all() if a.email)
        rows.append(
            MissingCommune(
                commune,
                row["missing"],
                row["expected"],
                extensions.get(commune.pk, evaluation_round.deadline),
                emails,
            )
        )
    return rows
