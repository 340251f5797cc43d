"""The province's side of the roll-up: a year's figures as counts only, signed, as one file for
the centre (issue 19). Each count comes from the app that owns it, under the same rules as the
annual report: coverage from assignments, completeness from evaluations, one result per cadre
from reports, breakthrough tasks from breakthroughs, the commune level from activity.levels.

No person's name, no commune's name, no free text, no reason, no comment leaves the province
(Law 91/2025/QH15 on personal data): the centre needs numerators and denominators."""

import hashlib
from collections import defaultdict
from importlib import metadata

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activity import levels as following_levels
from assignments.figures import communes_covered_by_province, district_coverage
from assignments.models import Assignment, Commune, District, Province, year_has_districts
from breakthroughs.figures import MET
from breakthroughs.models import Task
from core.models import Organisation
from evaluations.figures import form_counts
from evaluations.models import LEVEL_ORDER, EvaluationForm, EvaluationRound
from reports.figures import COMMUNE_LEVEL_FROM, cadre_results

from . import signing
from .models import SnapshotExport
from .schema import (
    AGENCY_FIGURES,
    PROVINCE_FIGURES,
    SCHEMA_VERSION,
    SnapshotError,
    envelope,
    payload_text,
    validate_payload,
)

APP_DISTRIBUTION = "theodoi-xa"
NO_DISTRICT = "000"  # forms of a commune recorded without its district (years with districts)


def app_version():
    try:
        return metadata.version(APP_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0"


def snapshot_day(year, today=None):
    """The day whose map and coverage a year's snapshot counts: 31/12, or today while the year
    runs (activity.levels' roll-up day, so the commune level counts the same day)."""
    return following_levels.rollup_day(year, today)


def covered_provinces(year, today=None):
    """The codes of the provinces whose communes are in force on the snapshot's day, sorted
    (the new Phú Thọ covers one code from 2025, the three old provinces' for 2024)."""
    day = snapshot_day(year, today)
    ids = Commune.objects.valid_on(day).values("province_id")
    provinces = list(Province.objects.filter(pk__in=ids).order_by("code", "pk"))
    unnamed = [p.name for p in provinces if not p.code.strip()]
    if unnamed:
        raise SnapshotError(
            _(
                "The province «%(name)s» has no official code in the registry: the centre "
                "knows provinces by their codes. Load the divisions again with their codes."
            )
            % {"name": unnamed[0]}
        )
    return sorted({p.code for p in provinces})


def export_years(today=None):
    """The years a snapshot can be made for, latest first: those with an evaluation round, an
    assignment or a breakthrough task, and the current year, when communes were in force."""
    today = today or timezone.localdate()
    years = {today.year}
    years |= set(EvaluationRound.objects.values_list("year", flat=True))
    years |= set(Task.objects.values_list("year", flat=True))
    first = Assignment.objects.aggregate(first=Min("start_date"))["first"]
    if first:
        years |= set(range(first.year, today.year + 1))
    return sorted(
        (
            y
            for y in years
            if y <= today.year and Commune.objects.valid_on(snapshot_day(y, today)).exists()
        ),
        reverse=True,
    )


def _blank(figures):
    return dict.fromkeys(figures, 0)


def snapshot_counts(year, today=None):
    """The year's counts as the payload's "counts" holds them (rollup.schema): by province,
    district (years with districts), agency and completion level, and the totals."""
    day = snapshot_day(year, today)
    covered = covered_provinces(year, today)
    if not covered:
        raise SnapshotError(
            _("No commune is in force on %(day)s: there are no figures to send for %(year)s.")
            % {"day": day.strftime("%d/%m/%Y"), "year": year}
        )
    first = covered[0]

    def province_of(code):
        # A form or task of a commune of another map (a commune of the old map followed in the
        # first half of 2025) counts under the province the installation covers that year.
        return code if code in covered else first

    provinces = {code: {"code": code, **_blank(PROVINCE_FIGURES)} for code in covered}
    for code, ratio in communes_covered_by_province(day).items():
        row = provinces[province_of(code)]
        row["communes"] += ratio.denominator
        row["communes_covered"] += ratio.numerator

    evaluation_round = EvaluationRound.objects.filter(year=year).first()
    has_districts = year_has_districts(year)
    districts = {}  # (province code, district code) → row
    district_codes = {}
    if has_districts:
        rows = district_coverage(day)
        district_codes = {
            d.pk: (province_of(d.province.code), d.code or f"#{d.pk}")
            for d in District.objects.select_related("province")
        }
        for row in rows:
            key = district_codes[row["district_id"]]
            found = districts.setdefault(key, _district(key))
            found["communes"] += row["total"]
    agencies = defaultdict(lambda: _blank(AGENCY_FIGURES))
    agency_names = {}
    if evaluation_round:
        for row in form_counts(evaluation_round, "commune__province__code"):
            _add_forms(provinces[province_of(row["commune__province__code"])], row)
        if has_districts:
            for row in form_counts(evaluation_round, "commune__district_id"):
                key = district_codes.get(row["commune__district_id"])
                if key is None:  # a commune without its district: one row for them
                    code = province_of(
                        EvaluationForm.objects.filter(
                            round=evaluation_round, commune__district__isnull=True
                        )
                        .values_list("commune__province__code", flat=True)
                        .first()
                    )
                    key = (code, NO_DISTRICT)
                _add_forms(districts.setdefault(key, _district(key)), row)
        for row in form_counts(evaluation_round, "cadre__agency_id", "cadre__agency__name"):
            agency_names[row["cadre__agency_id"]] = row["cadre__agency__name"]
            _add_forms(agencies[row["cadre__agency_id"]], row)

    # One result per cadre (reports.figures.cadre_results), under the province of the commune
    # of the cadre's first form in that list's order, and under the cadre's agency.
    results = cadre_results(year)
    first_province, cadre_agency = {}, {}
    for cadre_id, code, agency_id, agency_name in (
        EvaluationForm.objects.filter(round__year=year)
        .received()
        .order_by("cadre_id", "commune__search_name", "pk")
        .values_list(
            "cadre_id", "commune__province__code", "cadre__agency_id", "cadre__agency__name"
        )
    ):
        first_province.setdefault(cadre_id, province_of(code))
        cadre_agency[cadre_id] = agency_id
        agency_names.setdefault(agency_id, agency_name)
    level_counts = dict.fromkeys(LEVEL_ORDER, 0)
    for result in results:
        cadre_id = result["cadre_id"]
        commended = int(bool(result["commendation"]))
        row = provinces[first_province.get(cadre_id, first)]
        row["cadres_evaluated"] += 1
        row["cadres_commended"] += commended
        agency = agencies[cadre_agency.get(cadre_id)]
        agency["cadres_evaluated"] += 1
        agency["cadres_commended"] += commended
        if result["level"] in level_counts:
            level_counts[result["level"]] += 1

    # Breakthrough tasks (breakthroughs.figures' rules: assigned tasks count, met when
    # concluded "completed duties" or better), under the province of the cadre's commune.
    tasks = Task.objects.assigned().filter(year=year).order_by()
    for row in tasks.values("cadre__commune__province__code").annotate(
        n=Count("pk"), met=Count("pk", filter=Q(conclusion__in=MET))
    ):
        target = provinces[province_of(row["cadre__commune__province__code"])]
        target["tasks_assigned"] += row["n"]
        target["tasks_met"] += row["met"]
    for row in tasks.values("cadre__agency_id", "cadre__agency__name").annotate(
        n=Count("pk"), met=Count("pk", filter=Q(conclusion__in=MET))
    ):
        agency_names.setdefault(row["cadre__agency_id"], row["cadre__agency__name"])
        agency = agencies[row["cadre__agency_id"]]
        agency["tasks_assigned"] += row["n"]
        agency["tasks_met"] += row["met"]

    # The commune level (years from 2025): hamlets in force and those someone follows.
    if year >= COMMUNE_LEVEL_FROM:
        rows = following_levels.communes(year, today)
        commune_province = dict(
            Commune.objects.filter(pk__in=[r["pk"] for r in rows]).values_list(
                "pk", "province__code"
            )
        )
        for row in rows:
            target = provinces[province_of(commune_province[row["pk"]])]
            target["hamlets"] += row["hamlets_in_force"]
            target["hamlets_covered"] += row["hamlets_followed"]

    province_rows = [provinces[code] for code in covered]
    with translation.override("vi"):
        no_agency = _("commune cadres")
    agency_rows = sorted(
        (
            {"agency": agency_names.get(agency_id) or no_agency, **figures}
            for agency_id, figures in agencies.items()
        ),
        key=lambda row: (row["agency"] == no_agency, row["agency"]),
    )
    return {
        "provinces": province_rows,
        "districts": [districts[key] for key in sorted(districts)],
        "agencies": agency_rows,
        "levels": [{"level": level, "cadres": level_counts[level]} for level in LEVEL_ORDER],
        "totals": {name: sum(row[name] for row in province_rows) for name in PROVINCE_FIGURES},
    }


def _district(key):
    province, code = key
    return {
        "province": province,
        "code": code,
        "communes": 0,
        "forms_expected": 0,
        "forms_submitted": 0,
        "forms_accepted": 0,
    }


def _add_forms(row, counted):
    row["forms_expected"] += counted["expected"]
    row["forms_submitted"] += counted["submitted"]
    row["forms_accepted"] += counted["accepted"]


def snapshot_filename(provinces, year, sequence):
    return f"snapshot-{'-'.join(provinces)}-{year}-{sequence}.json"


def snapshot_export(*, year, user=None, now=None):
    """Make the year's signed snapshot: (file name, file bytes, SnapshotExport).

    The payload is checked by the same rules the centre applies (a province never sends a file
    that contradicts itself), signed with the installation's key, and recorded with the next
    sequence number of the year: the centre keeps the highest, so a newer export replaces an
    older one and a replayed older file never does. Raises SnapshotError, recording nothing."""
    now = now or timezone.now()
    counts = snapshot_counts(year, timezone.localtime(now).date())
    covered = [row["code"] for row in counts["provinces"]]
    name = Organisation.current().party_committee
    for attempt in range(2):
        try:
            with transaction.atomic():
                last = SnapshotExport.objects.filter(year=year).aggregate(last=Max("sequence"))
                sequence = (last["last"] or 0) + 1
                data = {
                    "schema": SCHEMA_VERSION,
                    "installation": {"name": name, "provinces": covered},
                    "year": year,
                    "sequence": sequence,
                    "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
                    "app_version": app_version(),
                    "counts": counts,
                }
                validate_payload(data)
                text = payload_text(data)
                key_id, signature = signing.sign(text.encode("utf-8"))
                content = envelope(text, key_id, signature)
                export = SnapshotExport(
                    year=year,
                    sequence=sequence,
                    created_at=now,
                    created_by=user if user is not None and user.is_authenticated else None,
                    key_id=key_id,
                    sha256=hashlib.sha256(content).hexdigest(),
                )
                export.full_clean(validate_constraints=False)
                export.save()
        except IntegrityError:
            # Another export of the same year took this number meanwhile: take the next one.
            if attempt:
                raise
            continue
        return snapshot_filename(covered, year, sequence), content, export
    raise AssertionError("unreachable")  # pragma: no cover
