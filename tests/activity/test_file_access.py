"""A plan's or report's file goes to the cadre who sent it and to staff and leaders; to anyone
else the file does not exist (404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity import services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_plan(assignments, hung, year_2026):
    upload = SimpleUploadedFile("kehoach.pdf", "%PDF-1.4 kế hoạch".encode())
    return services.plan_submit(cadre=hung, year=2026, file=upload)


@pytest.fixture
def lan_user(lan):
    return make_user("canbo.lan", "cadre", full_name=lan.full_name, cadre=lan)


def _status(client, user, plan):
    client.force_login(user)
    return client.get(reverse("activity:file", args=["plan", plan.pk])).status_code


def test_it_gives_a_plan_file_to_its_cadre_and_to_leaders_only(
    client, hung_plan, hung_user, lan_user, leader, commune_a_user
):
    assert _status(client, hung_user, hung_plan) == 200
    assert _status(client, leader, hung_plan) == 200
    assert _status(client, lan_user, hung_plan) == 404  # another cadre
    assert _status(client, commune_a_user, hung_plan) == 404  # even the commune he follows
