"""Completeness of a round and the year's results: counted over expected forms (one per
(commune, cadre) pair of the round), never over whatever happens to have arrived."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum

from activity.figures import logged_for_form
from assignments.models import Commune, year_has_districts
from core.ratio import Ratio
from evaluations.models import DeadlineExtension, EvaluationForm, EvaluationRound

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


def awaiting_acceptance():
    """Forms submitted and not yet accepted or returned, per round: {year: count}, latest
    year first. Staff accept or return each (one query, whatever the number of forms)."""
    rows = (
        EvaluationForm.objects.expected()
        .filter(status=EvaluationForm.Status.SUBMITTED)
        .values_list("round__year")
        .annotate(count=Count("id"))
        .order_by("-round__year")
    )
    return dict(rows)


def owing_per_round(today):
    """Per round collecting forms on `today` (open, its opening date reached), earliest
    deadline first: [(round, number of owing_communes(round))]. One query for the rounds and
    one a round: a province has one or two open at a time, whatever its size."""
    rounds = EvaluationRound.objects.open().filter(opens_on__lte=today).order_by("deadline")
    return [
        (evaluation_round, owing_communes(evaluation_round).count()) for evaluation_round in rounds
    ]


@dataclass
class CommuneForms:
    """What a commune still has to do in one open round."""

    round: EvaluationRound
    deadline: object  # the commune's own deadline (an extension, or the round's)
    to_fill: int  # not started or draft
    returned: int  # returned for correction


def commune_forms_to_do(commune_id, today, forms=None):
    """Per round in which the commune can send forms today (open, and not closed to late
    forms past its deadline): the forms still to fill in and those returned for correction,
    with the commune's own deadline. Three queries, whatever the number of forms; none when
    the page already holds the commune's forms (`forms`: its expected forms with their rounds,
    loaded `with_deadline`), as its home does."""
    if forms is not None:
        return _forms_to_do_of(forms, today)
    counts = {
        row["round_id"]: row
        for row in EvaluationForm.objects.expected()
        .filter(commune_id=commune_id, round__in=EvaluationRound.objects.open())
        .values("round_id")
        .annotate(
            to_fill=Count("id", filter=Q(status__in=EvaluationForm.NOT_SENT)),
            returned=Count("id", filter=Q(status=EvaluationForm.Status.RETURNED)),
        )
        .order_by()
    }
    extensions = defaultdict(dict)  # {round id: {commune id: deadline}}, as deadline_for takes
    for round_id, deadline in DeadlineExtension.objects.filter(
        round_id__in=counts, commune_id=commune_id
    ).values_list("round_id", "deadline"):
        extensions[round_id][commune_id] = deadline
    rows = []
    for evaluation_round in EvaluationRound.objects.filter(pk__in=counts).order_by("deadline"):
        extended = extensions[evaluation_round.pk]
        if not evaluation_round.accepts_submissions(commune_id, today, extended):
            continue
        row = counts[evaluation_round.pk]
        rows.append(
            CommuneForms(
                evaluation_round,
                evaluation_round.deadline_for(commune_id, extended),
                row["to_fill"],
                row["returned"],
            )
        )
    return rows


def _forms_to_do_of(forms, today):
    """commune_forms_to_do, counted over forms already loaded (the same rule: expected forms
    of open rounds that accept them today)."""
    rows = {}
    for form in forms:
        if form.dropped_at is not None or not form.round.is_open:
            continue
        if not form.accepts_submission(today):
            continue
        row = rows.setdefault(form.round_id, CommuneForms(form.round, form.deadline, 0, 0))
        row.to_fill += form.status in EvaluationForm.NOT_SENT
        row.returned += form.status == EvaluationForm.Status.RETURNED
    return sorted(rows.values(), key=lambda row: row.round.deadline)


@dataclass
class MissingCommune:
    commune: object
    missing: int
    expected: int
    deadline: object
    accounts_email: str

    @property
    def email(self):
        """Where to write: the commune's own address, else its accounts' addresses."""
        return self.commune.email or self.accounts_email


def owing_communes(evaluation_round):
    """The communes that still owe at least one expected form of the round, in the list's
    order (district, then name), each with `expected` and `missing` counted by the database:
    one query, which a page can cut (missing_communes turns the rows it shows into rows)."""
    return (
        Commune.objects.filter(forms__round=evaluation_round, forms__dropped_at__isnull=True)
        .annotate(
            expected=Count("forms"),
            received=Count("forms", filter=Q(forms__status__in=EvaluationForm.RECEIVED)),
        )
        .annotate(missing=F("expected") - F("received"))
        .filter(missing__gt=0)
        .select_related("district", "province")
        .prefetch_related("accounts")
        .order_by("district__search_name", "search_name", "pk")
    )


def missing_communes(evaluation_round, limit=None, communes=None):
    """Communes that still owe at least one form, with their contact and their own deadline.

    `communes`: those of owing_communes(round) to show (a page of it, or it filtered); by
    default all of them. `limit`: only the first rows in the list's order (the round page shows
    ten). The database cuts the list, so a page watched all deadline week does not load every
    commune to show ten; three queries, whatever the number of rows.
    """
    if communes is None:
        communes = owing_communes(evaluation_round)
    if limit is not None:
        communes = communes[:limit]
    extensions = dict(
        DeadlineExtension.objects.filter(round=evaluation_round).values_list(
            "commune_id", "deadline"
        )
    )
    rows = []
    for commune in communes:
        emails = ", ".join(a.email for a in commune.accounts.all() if a.email)
        rows.append(
            MissingCommune(
                commune,
                commune.missing,
                commune.expected,
                extensions.get(commune.pk, evaluation_round.deadline),
                emails,
            )
        )
    return rows


@dataclass(frozen=True)
class StatedAndLogged:
    """A count the commune states on its form (None: not stated) beside what the cadre logged
    at that commune in the form's year (activity.figures.logged_for_form)."""

    stated: int | None
    logged: int

    @property
    def difference(self):
        """How many more the commune states than the cadre logged (negative: fewer)."""
        return None if self.stated is None else self.stated - self.logged

    @property
    def gap(self):
        return abs(self.difference or 0)


def stated_and_logged(form):
    """The visits and meetings on `form` beside those its cadre logged at its commune, for the
    reviewer: {"visits": StatedAndLogged, "meetings": StatedAndLogged, "confirmed": n}
    (of the logged visits, those the commune confirmed)."""
    logged = logged_for_form(form)
    return {
        "visits": StatedAndLogged(form.visits, logged["visits"]),
        "meetings": StatedAndLogged(form.meetings, logged["meetings"]),
        "confirmed": logged["confirmed"],
    }


def contact_columns(rows):
    """The contact columns a list of MissingCommune rows needs: those of "secretary", "phone"
    and "email" that at least one row fills. The chase list printed for the Standing Board
    leaves out a column no commune has, rather than print it empty."""
    filled = {
        "secretary": any(r.commune.secretary_name for r in rows),
        "phone": any(r.commune.phone for r in rows),
        "email": any(r.email for r in rows),
    }
    return {name for name, present in filled.items() if present}


def form_counts(evaluation_round, *group_by):
    """The round's expected forms counted as `completeness` counts them (expected, submitted,
    accepted, late), grouped by `group_by` (e.g. "commune__province__code"): one query."""
    return list(
        _counts(EvaluationForm.objects.filter(round=evaluation_round).expected(), *group_by)
    )
