from datetime import date

import pytest
from django.contrib.auth.models import Group

from activity.models import ActivityYear
from tests.conftest import make_user
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401


@pytest.fixture
def year_2026(db):
    return ActivityYear.objects.create(
        year=2026,
        plan_deadline=date(2026, 1, 31),
        half_year_deadline=date(2026, 7, 10),
        annual_deadline=date(2026, 12, 10),
        min_visits=4,
        min_meetings=2,
    )


@pytest.fixture
def hung_user(hung):  # noqa: F811
    user = make_user("canbo", "cadre", full_name=hung.full_name, cadre=hung)
    assert Group.objects.get(name="cadre") in user.groups.all()
    return user
