"""Empty choices say what they are for (issue 15): "— Tất cả —" in a filter bar, "— Chọn … —" in
a form, never Django's "---------"."""

from datetime import date

import pytest
from django.urls import reverse

from assignments import services
from tests.conftest import make_user
from tests.factories import CadreFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def empty_choices(page):
    """{select's name: its empty choice's text} for each select of the page that has one."""
    found = {}
    for select in parse(page).find_all(tag="select"):
        for option in select.find_all(tag="option"):
            if option.attrs.get("value") == "":
                found[select.attrs["name"]] = option.text
    return found


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def assignment(commune_a):
    return services.assignment_create(
        cadre=CadreFactory(),
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1250-QĐ/TU",
        decision_date=date(2025, 6, 30),
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            reverse("registry:commune_list"),
            {"province": "— Tất cả —", "district": "— Tất cả —", "kind": "— Tất cả —"},
        ),
        (reverse("registry:agency_list"), {"kind": "— Tất cả —"}),
        (
            reverse("registry:cadre_list"),
            {
                "agency": "— Tất cả —",
                "status": "— Tất cả —",
                "gender": "— Tất cả —",
                "standing_board": "— Tất cả —",
            },
        ),
    ],
)
def test_a_filter_bar_offers_all_as_its_empty_choice(staff_client, url, expected):
    page = staff_client.get(url).content.decode()
    assert empty_choices(page) == expected
    assert "---------" not in page


def test_the_access_log_filter_offers_all(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    page = client.get(reverse("access_log")).content.decode()
    assert empty_choices(page) == {"kind": "— Tất cả —"}
    assert "---------" not in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("registry:commune_new"), {"province": "— Chọn —", "district": "— Chọn —"}),
        (reverse("registry:agency_new"), {"kind": "— Chọn —"}),
        (
            reverse("registry:cadre_new"),
            {"agency": "— Chọn cơ quan —", "commune": "— Chọn xã —", "gender": "— Chọn —"},
        ),
        (reverse("assignments:new"), {"commune": "— Chọn xã —", "cadre": "— Chọn cán bộ —"}),
    ],
)
def test_a_form_names_what_to_choose(staff_client, commune_a, url, expected):
    page = staff_client.get(url).content.decode()
    assert empty_choices(page) == expected
    assert "---------" not in page


def test_the_status_and_reassign_forms_name_what_to_choose(staff_client, assignment):
    page = staff_client.get(reverse("registry:cadre_status", args=[assignment.cadre_id]))
    assert empty_choices(page.content.decode()) == {"status-status": "— Chọn —"}
    page = staff_client.get(reverse("assignments:reassign", args=[assignment.pk]))
    assert empty_choices(page.content.decode()) == {"cadre": "— Chọn cán bộ —"}
    assert "---------" not in page.content.decode()
