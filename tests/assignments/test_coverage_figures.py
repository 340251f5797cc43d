"""The dashboard's figures are counted in the database (issue 16): each one must still say what
its list says, and what a plain count over the rows says, on a province where every case
happens at once (ended, future and running assignments, exceptions, cadres gone, men and women
near retirement, communes of the old map and of the future, an agency without cadres)."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import resolve, reverse

from assignments import figures
from assignments.models import OLD_MAP_LAST_DAY, Assignment, Cadre, Commune
from assignments.retirement import GENDERS, add_months, retirement
from tests.factories import AgencyFactory, AssignmentFactory, CadreFactory, CommuneFactory
from tests.html import by_testid, table_rows

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


@pytest.fixture
def varied_province():
    health = AgencyFactory(name="Sở Y tế", leader_quota=3)
    home = AgencyFactory(name="Sở Nội vụ", leader_quota=1)
    AgencyFactory(name="Sở Tư pháp", leader_quota=2)  # no cadre at all
    communes = CommuneFactory.create_batch(12)
    old = [
        CommuneFactory(valid_from=None, valid_to=OLD_MAP_LAST_DAY, name=f"Xã Cũ {n}")
        for n in range(2)
    ]
    CommuneFactory(valid_from=date(2027, 1, 1), name="Xã Tương Lai")

    def cadre(agency, born, gender="male", status=Cadre.Status.WORKING):
        return CadreFactory(agency=agency, date_of_birth=born, gender=gender, status=status)

    retiring_man = cadre(health, date(1964, 12, 10))  # retires 30/06/2026
    retiring_woman = cadre(health, date(1969, 9, 2), "female")
    young = cadre(health, date(1980, 1, 1))
    pending = cadre(home, date(1965, 1, 20), status=Cadre.Status.PENDING_RETIREMENT)
    gone = cadre(home, date(1964, 2, 1), status=Cadre.Status.RETIRED)
    ended = cadre(home, date(1975, 5, 5))
    future = cadre(health, date(1966, 7, 7))

    def follow(who, commune, **extra):
        AssignmentFactory(cadre=who, commune=commune, **extra)

    follow(retiring_man, communes[0])
    follow(retiring_man, communes[1], exception_reason="Chờ bổ sung")
    follow(retiring_man, communes[2], exception_reason="Tạm thời")
    follow(retiring_woman, communes[3])
    follow(young, communes[4])
    follow(young, communes[5], exception_reason="Tạm thời", end_date=date(2025, 12, 1),
           end_reason="other")  # fmt: skip
    follow(pending, communes[6])
    follow(gone, communes[7])
    follow(gone, communes[8], exception_reason="Tạm thời")
    follow(ended, communes[9], end_date=date(2025, 12, 31), end_reason="transferred")
    follow(future, communes[10], start_date=date(2026, 2, 1))
    follow(young, old[0], start_date=date(2020, 1, 1), end_date=OLD_MAP_LAST_DAY,
           end_reason="reassigned")  # fmt: skip
    return communes


def _plain_counts(day, months):
    """Every figure of the dashboard, counted row by row in Python."""
    horizon = add_months(day, months)
    communes = [c for c in Commune.objects.all() if c.is_valid_on(day)]
    active = [
        a for a in Assignment.objects.select_related("cadre", "commune") if a.is_active_on(day)
    ]
    followed = {a.commune_id for a in active}
    per_cadre = Counter(a.cadre_id for a in active)
    in_office = [a for a in active if a.cadre.status in Cadre.IN_OFFICE]
    agencies = []
    for agency in figures.Agency.objects.order_by("search_name"):
        mine = [a for a in active if a.cadre.agency_id == agency.pk]
        agencies.append(
            {
                "pk": agency.pk,
                "name": agency.name,
                "leader_quota": agency.leader_quota,
                "assigned_cadres": len({a.cadre_id for a in mine}),
                "communes_followed": len(mine),
            }
        )
    return {
        "communes": f"{sum(c.pk in followed for c in communes)}/{len(communes)}",
        "uncovered_count": sum(c.pk not in followed for c in communes),
        "several_count": sum(1 for n in per_cadre.values() if n > 1),
        "retiring_count": len(
            {a.cadre_id for a in in_office if day <= a.cadre.retirement.retires_on <= horizon}
        ),
        "departed_count": len(active) - len(in_office),
        "exceptions_count": sum(1 for a in active if a.exception_reason),
        "agencies": agencies,
        "agency_mismatch": sum(1 for a in agencies if a["assigned_cadres"] != a["leader_quota"]),
    }


def _dashboard_counts(cov):
    return {
        "communes": str(cov.communes),
        "uncovered_count": cov.uncovered_count,
        "several_count": cov.several_count,
        "retiring_count": cov.retiring_count,
        "departed_count": cov.departed_count,
        "exceptions_count": cov.exceptions_count,
        "agencies": cov.agencies,
        "agency_mismatch": cov.agency_mismatch,
    }


DAYS = [date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 15)]


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize("months", [1, 12, 60])
def test_it_counts_every_dashboard_figure_as_a_plain_count_does(varied_province, day, months):
    expected = _plain_counts(day, months)
    assert _dashboard_counts(figures.coverage(day, months)) == expected
    assert expected["several_count"] and expected["exceptions_count"]  # the data has them
    assert expected["departed_count"] and (expected["retiring_count"] or months < 60)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_it_gives_each_card_the_length_of_the_list_behind_it(varied_province, day):
    cov = figures.coverage(day, 12)
    assert cov.uncovered_count == figures.uncovered_communes(day).count()
    assert cov.several_count == len(figures.cadres_with_several_communes(day))
    assert cov.retiring_count == len(figures.retiring_cadres(day, 12))
    assert cov.departed_count == len(figures.departed_assignments(day))
    assert cov.exceptions_count == len(figures.exception_assignments(day))
    assert cov.agency_mismatch == sum(
        1 for a in figures.agency_coverage(day) if a.assigned_cadres != a.leader_quota
    )
    assert [c.pk for c in cov.uncovered_sample] == [
        c.pk for c in figures.uncovered_communes(day)[: figures.SAMPLE]
    ]


@pytest.mark.parametrize("day", [date(2019, 12, 1), date(2026, 1, 1), date(2031, 5, 31)], ids=str)
@pytest.mark.parametrize("months", [1, 12, 60])
def test_it_picks_out_by_birth_date_exactly_who_retires_within_the_months(day, months):
    horizon = add_months(day, months)
    spans = figures._retiring_births(day, months)
    for gender in GENDERS:
        for year in range(1930, 2001):
            for month in range(1, 13):
                for born in (date(year, month, 1), add_months(date(year, month, 1), 1) - DAY):
                    retires = day <= retirement(born, gender).retires_on <= horizon
                    inside = any(g == gender and first <= born <= last for g, first, last in spans)
                    assert inside == retires, (gender, born)


def test_it_shows_the_counted_figures_on_the_dashboard_and_links_each_agency(
    client, staff, varied_province
):
    day = date(2026, 1, 1)
    expected = _plain_counts(day, 60)
    client.force_login(staff)
    page = client.get(reverse("assignments:dashboard"), {"on": "01/01/2026", "months": 60})
    html = page.content.decode()
    cards = {
        testid: by_testid(html, testid).one(cls="stat-value").text
        for testid in ("card-uncovered", "card-several", "card-retiring", "card-departed")
        + ("card-exceptions", "card-agencies")
    }
    assert cards == {
        "card-uncovered": str(expected["uncovered_count"]),
        "card-several": str(expected["several_count"]),
        "card-retiring": str(expected["retiring_count"]),
        "card-departed": str(expected["departed_count"]),
        "card-exceptions": str(expected["exceptions_count"]),
        "card-agencies": str(expected["agency_mismatch"]),
    }
    table = by_testid(html, "by-agency")
    assert table_rows(table)[1:] == [
        [a["name"], str(a["leader_quota"]), str(a["assigned_cadres"]), str(a["communes_followed"])]
        for a in expected["agencies"]
    ]
    links = [link.attrs["href"] for link in table.find_all(tag="a")]
    assert [resolve(href).kwargs["pk"] for href in links] == [a["pk"] for a in expected["agencies"]]
    assert {resolve(href).view_name for href in links} == {"registry:agency_detail"}
