# ruff: noqa: F811 - fixtures imported from another conftest and used by name
import pytest
from django.urls import reverse

from assignments.models import OLD_MAP_LAST_DAY, Cadre, Commune
from evaluations.models import EvaluationForm
from tests.evaluations.conftest import (  # noqa: F401 - fixtures used by name
    agency,
    assignments,
    form_a,
    form_b,
    hung,
    lan,
    round_2026,
)
from tests.factories import AgencyFactory, CadreFactory
from tests.html import by_testid, stat_figures

pytestmark = pytest.mark.django_db


def test_it_shows_staff_the_registry_figures_under_their_labels(
    client, staff, province, commune_a, commune_b
):
    Commune.objects.create(  # of the map before 1/7/2025: kept for its years, not counted
        province=province, code="04999", name="Xã Mãn Đức", valid_to=OLD_MAP_LAST_DAY
    )
    home_affairs = AgencyFactory(name="Sở Nội vụ")
    CadreFactory.create_batch(2, agency=home_affairs)
    CadreFactory(agency=home_affairs, status=Cadre.Status.TRANSFERRED)  # no longer in office
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert "Không gian làm việc của Ban Tổ chức" in page
    assert stat_figures(by_testid(page, "registry-figures")) == {
        "xã, phường hiện có": "2",
        "cơ quan, đơn vị cấp tỉnh": "1",
        "cán bộ lãnh đạo đang công tác": "2",
    }


def test_it_shows_a_leader_the_overview(client, leader):
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "Tổng quan dành cho lãnh đạo" in page


def test_it_shows_a_commune_its_own_name(client, commune_a_user):
    client.force_login(commune_a_user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Đảng ủy phường Việt Trì" in page
    assert "registry-figures" not in page


def test_it_tells_an_account_without_role_to_ask_for_one(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "chưa được phân quyền" in response.content.decode()


def test_it_lets_a_user_switch_to_english(client, staff):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Organization Department workspace" in page


def test_it_speaks_vietnamese_even_to_a_browser_set_up_in_english(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Không gian làm việc của Ban Tổ chức" in page


def test_it_shows_staff_how_far_coverage_and_the_round_have_come(
    client,
    staff,
    round_2026,
    form_a,
    form_b,
):
    EvaluationForm.objects.filter(pk=form_a.pk).update(status=EvaluationForm.Status.SUBMITTED)
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    covered = by_testid(page, "glance-covered")
    assert "2/2" in covered.text and "100,0 %" in covered.text
    forms = by_testid(page, "glance-forms")
    assert "Phiếu nhận xét năm 2026 đã gửi" in forms.text
    assert "1/2" in forms.text and "50,0 %" in forms.text
    assert "đã tiếp nhận: 0/2 (0,0 %)" in forms.text
    assert forms.attrs["href"] == reverse("evaluations:round", args=[2026])


def test_it_says_so_when_no_round_is_open_yet(client, staff, commune_a):
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert "Chưa mở đợt nhận xét, đánh giá nào." in page
    assert "glance-forms" not in page
