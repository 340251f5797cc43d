"""The commune page: its title, the cadres who followed it, and whether it offers to assign one."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import NEW_MAP_FIRST_DAY, OLD_MAP_LAST_DAY, Commune
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_commune(province):
    """A commune of the map before 1/7/2025, with no recorded first day (as the old map loads)."""
    return Commune.objects.create(
        province=province, code="04999", name="Xã Mãn Đức", valid_to=OLD_MAP_LAST_DAY
    )


def _page(client, commune):
    return client.get(reverse("registry:commune_detail", args=[commune.pk]))


def _title(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


def _assign_link(commune):
    return f"{reverse('assignments:new')}?commune={commune.pk}"


def test_it_titles_the_page_with_the_communes_name_only(client, staff, commune_a):
    client.force_login(staff)
    title = _title(_page(client, commune_a).content.decode())
    assert title == "Phường Việt Trì · Ban Tổ chức"


def test_it_shows_and_queries_the_cadres_of_the_commune_once(client, staff, commune_a, old_commune):
    commune_a.formed_from.add(old_commune)
    AssignmentFactory(commune=commune_a)
    AssignmentFactory(
        commune=old_commune,
        start_date=date(2024, 1, 1),
        end_date=OLD_MAP_LAST_DAY,
        end_reason="other",
    )
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = _page(client, commune_a)
    page = response.content.decode()
    assert page.count('data-testid="commune-assignments"') == 1
    assert page.count('data-testid="earlier-assignments"') == 1
    assert page.count(_assign_link(commune_a)) == 0  # followed today: nothing to assign
    tables = [t.name for t in response.templates].count("assignments/assignment_table.html")
    assert tables == 2
    # One query for its own cadres, one for those of the communes it was formed from.
    assert len([q for q in queries if 'FROM "assignments_assignment"' in q["sql"]]) == 2


def test_a_commune_in_force_without_a_cadre_offers_to_assign_one(client, staff, commune_a):
    client.force_login(staff)
    page = _page(client, commune_a).content.decode()
    assert page.count(_assign_link(commune_a)) == 1
    assert "Hiện chưa có cán bộ theo dõi xã, phường này." in page


def test_a_commune_of_the_old_map_offers_no_assignment_after_its_last_day(
    client, staff, old_commune
):
    client.force_login(staff)
    page = _page(client, old_commune).content.decode()
    assert _assign_link(old_commune) not in page
    assert "Hiện chưa có cán bộ theo dõi xã, phường này." not in page


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [
        (None, None),
        (None, OLD_MAP_LAST_DAY),
        (NEW_MAP_FIRST_DAY, None),
        (date(2020, 1, 1), OLD_MAP_LAST_DAY),
        (NEW_MAP_FIRST_DAY, NEW_MAP_FIRST_DAY),
    ],
)
def test_it_is_in_force_on_a_day_exactly_when_the_database_says_so(province, valid_from, valid_to):
    commune = Commune.objects.create(
        province=province, code="01234", name="Xã Thử", valid_from=valid_from, valid_to=valid_to
    )
    bounds = [d for d in (valid_from, valid_to) if d] or [NEW_MAP_FIRST_DAY]
    days = {d + timedelta(days=k) for d in bounds for k in (-1, 0, 1)}
    for day in sorted(days):
        in_database = Commune.objects.valid_on(day).filter(pk=commune.pk).exists()
        assert commune.is_valid_on(day) is in_database, day
