# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""A cadre under the Standing Board's management sees on their own page that the year's
breakthrough tasks are to be registered, until they register one (issue 18, deadlines)."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from breakthroughs.models import BreakthroughYear, Task
from tests.activity.conftest import hung_user, year_2026  # noqa: F401
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.todo import todo_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(db):
    return BreakthroughYear.objects.create(
        year=2026,
        registration_deadline=date(2026, 3, 10),
        approval_deadline=date(2026, 3, 31),
        assessment_deadline=date(2026, 12, 20),
    )


def _keys(client):
    return [line.key for line in todo_lines(client.get(reverse("activity:home")).content)]


@freeze_time("2026-03-05 08:00")
def test_the_registration_shows_until_a_task_is_registered(
    client,
    hung,
    hung_user,
    year_2026,
    assignments,
    deadlines,  # noqa: F811
):
    hung.standing_board = True
    hung.save(update_fields=["standing_board"])
    client.force_login(hung_user)
    assert "breakthrough-registration-2026" in _keys(client)
    Task.objects.create(
        cadre=hung,
        year=2026,
        title="Xóa bỏ lò gạch thủ công",
        field="environment",
        rationale="-",
        objectives="-",
        plan="-",
        start_date=date(2026, 3, 1),
        deadline=date(2026, 12, 31),
        status=Task.Status.REGISTERED,
    )
    assert "breakthrough-registration-2026" not in _keys(client)


@freeze_time("2026-03-05 08:00")
def test_a_cadre_outside_the_standing_board_s_management_is_not_asked(
    client,
    hung,
    hung_user,
    year_2026,
    assignments,
    deadlines,  # noqa: F811
):
    client.force_login(hung_user)
    assert "breakthrough-registration-2026" not in _keys(client)
