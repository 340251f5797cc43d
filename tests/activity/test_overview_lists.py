"""The activity overview's lists (issue 14, query budgets): the first rows of each on the page,
all of them a page at a time behind "see all", so a province of thousands of cadres does not
get every cadre listed several times over on one page."""

import pytest
from django.urls import reverse

from activity.views import OVERVIEW_ROWS
from tests.factories import AssignmentFactory, CadreFactory, CommuneFactory
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db

URL = reverse("activity:overview")


@pytest.fixture
def fifteen_without_plan(year_2026, province):
    """15 cadres following a commune in 2026, none of them with a plan (due 31/01/2026)."""
    for n in range(15):
        AssignmentFactory(
            cadre=CadreFactory(full_name=f"Cán Bộ Chưa Nộp {n:02d}"),
            commune=CommuneFactory(province=province),
        )
    return 15


def _names(element):
    return [li.text.split(" Sở ")[0] for li in element.find_all(tag="li")]


def test_each_list_shows_its_first_rows_and_links_to_all(fifteen_without_plan, staff, client):
    client.force_login(staff)
    page = client.get(URL, {"year": 2026}).content
    assert len(_names(by_testid(page, "late-plans"))) == OVERVIEW_ROWS
    link = by_testid(page, "see-all-late_plans")
    assert (link.attrs["href"], link.text) == ("?year=2026&list=late_plans", "Xem cả 15")
    everyone = client.get(URL, {"year": 2026, "list": "late_plans"}).content
    assert _names(by_testid(everyone, "late-plans")) == [
        f"Cán Bộ Chưa Nộp {n:02d}" for n in range(15)
    ]
    assert parse(everyone).find_all(testid="under-minimum") == []  # that list alone
    assert by_testid(everyone, "overview-link").attrs["href"] == "?year=2026"


def test_a_short_list_has_no_link_and_an_unknown_list_is_not_found(
    year_2026, assignments, leader, client
):
    client.force_login(leader)
    page = client.get(URL, {"year": 2026}).content
    assert len(_names(by_testid(page, "late-plans"))) == 2  # Hùng and Lan
    assert parse(page).find_all(testid="see-all-late_plans") == []
    assert client.get(URL, {"year": 2026, "list": "everything"}).status_code == 404


def test_a_commune_cannot_read_a_list(fifteen_without_plan, commune_a_user, client):
    client.force_login(commune_a_user)
    assert client.get(URL, {"year": 2026, "list": "late_plans"}).status_code == 403
