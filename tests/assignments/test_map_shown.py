"""Lists and dashboards say which map they show and open on the map of the round or date chosen
(issue 14): a province whose data is all on the map before 1/7/2025 never sees "0/0" on the
coverage dashboard without a link to a day of that map."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from activity.models import ActivityYear
from assignments.figures import day_with_communes
from assignments.models import map_label
from evaluations import services as evaluation_services
from tests.accounts.old_map import old_commune
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db

# The labels in the language the pages are rendered in (the catalogue's, once translated).
NEW_MAP = str(map_label(date(2025, 7, 1)))
OLD_MAP = str(map_label(date(2025, 6, 30)))


@pytest.fixture
def old_map_only():
    """A province that loaded only the map before 1/7/2025: two communes of Huyện Tân Lạc."""
    return [old_commune("05000", "Xã Mãn Đức"), old_commune("05001", "Xã Phong Phú")]


def _page(client, name, params=None, args=None):
    response = client.get(reverse(name, args=args), params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_map_in_force_on_a_day_has_one_name():
    assert NEW_MAP != OLD_MAP and "1/7/2025" in NEW_MAP and "1/7/2025" in OLD_MAP
    assert str(map_label(date(2020, 1, 1))) == OLD_MAP
    assert str(map_label(date(2030, 1, 1))) == NEW_MAP


def test_the_dashboard_says_which_map_it_shows(client, leader, commune_a, old_map_only):
    client.force_login(leader)
    today = _page(client, "assignments:dashboard")
    assert by_testid(today, "map-label").text == NEW_MAP
    before = _page(client, "assignments:dashboard", {"on": "31/12/2024"})
    assert by_testid(before, "map-label").text == OLD_MAP
    assert by_testid(before, "headline").text.startswith("0/2")


@freeze_time("2026-03-01")
def test_a_province_with_only_the_old_map_gets_a_link_to_a_day_of_it(client, staff, old_map_only):
    client.force_login(staff)
    page = _page(client, "assignments:dashboard")
    assert 'data-testid="headline"' not in page  # no bare 0/0
    notice = by_testid(page, "no-communes-on-map")
    assert OLD_MAP in notice.text
    link = parse(page).one(testid="other-map-link")
    assert link.attrs["href"] == "?on=30/06/2025"
    followed = _page(client, "assignments:dashboard", {"on": "30/06/2025"})
    assert by_testid(followed, "headline").text.startswith("0/2")
    assert by_testid(followed, "map-label").text == OLD_MAP


def test_an_empty_installation_is_told_to_import_communes(client, staff):
    client.force_login(staff)
    page = _page(client, "assignments:dashboard")
    notice = parse(page).one(testid="no-communes-on-map")
    assert not notice.find_all(testid="other-map-link")
    assert notice.find_all(tag="a")[0].attrs["href"].endswith("?kind=communes")
    assert day_with_communes(date(2026, 1, 1)) is None


def test_the_nearest_day_with_communes_is_before_the_day_or_else_after_it(commune_a, old_map_only):
    assert day_with_communes(date(2026, 1, 1)) is None  # the current map has communes
    commune_a.delete()
    assert day_with_communes(date(2026, 1, 1)) == date(2025, 6, 30)
    for commune in old_map_only:
        commune.delete()
    commune_a.pk = None
    commune_a.save()
    assert day_with_communes(date(2024, 12, 31)) == date(2025, 7, 1)


def test_a_coverage_list_says_which_map_it_shows(client, leader, old_map_only):
    client.force_login(leader)
    page = _page(client, "assignments:coverage_list", {"on": "31/12/2024"}, args=["uncovered"])
    assert by_testid(page, "map-label").text == OLD_MAP
    assert "Xã Mãn Đức" in page


@freeze_time("2026-03-01")
def test_the_commune_list_says_its_map_and_opens_on_a_date(client, leader, commune_a, old_map_only):
    client.force_login(leader)
    current = _page(client, "registry:commune_list")
    assert by_testid(current, "map-label").text == NEW_MAP
    assert "Phường Việt Trì" in current and "Xã Mãn Đức" not in current
    on_a_day = _page(client, "registry:commune_list", {"on": "31/12/2024"})
    assert by_testid(on_a_day, "map-label").text.startswith(OLD_MAP)
    assert "Xã Mãn Đức" in on_a_day and "Phường Việt Trì" not in on_a_day
    both = _page(client, "registry:commune_list", {"map": "all"})
    assert "Xã Mãn Đức" in both and "Phường Việt Trì" in both


@freeze_time("2026-03-01")
def test_the_commune_list_of_an_old_map_province_links_to_that_map(client, leader, old_map_only):
    client.force_login(leader)
    page = _page(client, "registry:commune_list")
    assert parse(page).one(testid="other-map-link").attrs["href"] == "?on=30/06/2025"


def test_the_round_page_names_its_map_and_opens_the_lists_on_its_last_day(
    client, staff, old_map_only
):
    evaluation_services.round_create(
        user=staff,
        year=2024,
        opens_on=date(2024, 11, 15),
        deadline=date(2024, 12, 15),
    )
    client.force_login(staff)
    page = _page(client, "evaluations:round", args=[2024])
    assert OLD_MAP in by_testid(page, "map-label").text
    root = parse(page)
    assert root.one(testid="coverage-link").attrs["href"].endswith("?on=31/12/2024")
    assert root.one(testid="communes-link").attrs["href"].endswith("?on=31/12/2024")


def test_the_activity_overview_names_the_map_of_its_year(client, staff, old_map_only):
    ActivityYear.objects.create(
        year=2024,
        plan_deadline=date(2024, 1, 31),
        half_year_deadline=date(2024, 7, 10),
        annual_deadline=date(2024, 12, 10),
    )
    client.force_login(staff)
    page = _page(client, "activity:overview", {"year": "2024"})
    assert OLD_MAP in by_testid(page, "map-label").text
    assert parse(page).one(testid="coverage-link").attrs["href"].endswith("?on=31/12/2024")
    later = _page(client, "activity:overview", {"year": "2026"})
    assert NEW_MAP in by_testid(later, "map-label").text
