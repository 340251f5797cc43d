"""A cadre files plans and reports only for a year staff opened for monitoring (an
ActivityYear, with its deadlines): otherwise the form says why, and the page says the year is
not open (issue 14)."""

import pytest
from django.urls import reverse

from activity.models import Plan, Report
from tests.html import by_testid

pytestmark = pytest.mark.django_db


def test_a_plan_for_a_year_not_open_is_refused_with_the_reason(client, hung_user, assignments):
    client.force_login(hung_user)
    url = f"{reverse('activity:home')}?year=2026"
    page = client.get(url).content.decode()
    assert "2026" in by_testid(page, "year-not-open").text
    for action in ("plan", "annual"):
        response = client.post(url, {"action": action, "year": 2026, f"{action}-text": "Nội dung"})
        assert response.status_code == 200
        (error,) = response.context["forms"][action].non_field_errors()
        assert "2026" in error and error in response.content.decode()
    assert not Plan.objects.exists() and not Report.objects.exists()


def test_once_staff_open_the_year_the_plan_is_accepted(client, hung_user, assignments, year_2026):
    client.force_login(hung_user)
    url = f"{reverse('activity:home')}?year=2026"
    assert 'data-testid="year-not-open"' not in client.get(url).content.decode()
    response = client.post(url, {"action": "plan", "year": 2026, "plan-text": "Kế hoạch"})
    assert response.status_code == 302 and Plan.objects.get().year == 2026


def test_a_year_outside_the_years_the_application_knows_is_400(client, hung_user, assignments):
    client.force_login(hung_user)
    url = reverse("activity:home")
    assert client.get(url, {"year": "10000"}).status_code == 400
    assert client.post(url, {"action": "plan", "year": "abc", "plan-text": "x"}).status_code == 400
