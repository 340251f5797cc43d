# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""The commune's own pages: a commune records a hamlet and a member, assigns the member and sees
its coverage change; staff reach any commune by its id; leaders read and change nothing."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import PersonalDataAccess
from hamlets.models import CommuneMember, Hamlet, HamletAssignment
from tests.activity.conftest import hung_user  # noqa: F401
from tests.evaluations.conftest import agency, hung  # noqa: F401

pytestmark = pytest.mark.django_db


def _coverage(client, commune):
    response = client.get(reverse("hamlets:coverage", args=[commune.pk]))
    assert response.status_code == 200
    ratio = response.context["cov"].ratio
    return ratio.numerator, ratio.denominator, response


def test_a_commune_records_a_hamlet_and_a_member_assigns_and_sees_its_coverage_change(
    client, commune_a, commune_a_user
):
    client.force_login(commune_a_user)
    home = client.get(reverse("hamlets:home"))
    assert home.status_code == 200
    assert home.context["commune"] == commune_a

    response = client.post(
        reverse("hamlets:hamlet_new", args=[commune_a.pk]),
        {"code": "07", "name": "Khu Hòa Phong", "kind": "khu_pho", "households": "245"},
    )
    assert response.status_code == 302
    hamlet = Hamlet.objects.get(commune=commune_a)
    assert (hamlet.name, hamlet.households) == ("Khu Hòa Phong", 245)
    followed, in_force, page = _coverage(client, commune_a)
    assert (followed, in_force) == (0, 1)
    assert [h.pk for h in page.context["cov"].unfollowed] == [hamlet.pk]

    response = client.post(
        reverse("hamlets:member_new", args=[commune_a.pk]),
        {
            "full_name": "Nguyễn Văn Tùng",
            "date_of_birth": "05/06/1975",
            "position": "committee",
            "title": "Chủ tịch UBND phường",
        },
    )
    assert response.status_code == 302
    member = CommuneMember.objects.get(commune=commune_a)
    assert member.date_of_birth == date(1975, 6, 5)

    response = client.post(
        reverse("hamlets:assignment_new", args=[commune_a.pk]),
        {
            "member": member.pk,
            "hamlet": hamlet.pk,
            "decision_number": "21-QĐ/ĐU",
            "decision_date": "01/08/2025",
            "start_date": "01/08/2025",
        },
    )
    assert response.status_code == 302
    assert HamletAssignment.objects.get().member == member
    followed, in_force, page = _coverage(client, commune_a)
    assert (followed, in_force) == (1, 1)
    assert page.context["cov"].unfollowed == []

    overview = client.get(reverse("hamlets:home"))
    assert "Nguyễn Văn Tùng" in overview.content.decode()


def test_a_refused_form_keeps_what_was_typed(client, commune_a, commune_a_user, dong_tam, mai):
    HamletAssignment.objects.create(
        member=mai,
        hamlet=dong_tam,
        decision_number="15-QĐ/ĐU",
        decision_date=date(2025, 8, 1),
        start_date=date(2025, 8, 1),
    )
    client.force_login(commune_a_user)
    son = CommuneMember.objects.create(commune=commune_a, full_name="Đỗ Văn Sơn")
    response = client.post(
        reverse("hamlets:assignment_new", args=[commune_a.pk]),
        {
            "member": son.pk,
            "hamlet": dong_tam.pk,
            "decision_number": "22-QĐ/ĐU",
            "decision_date": "02/09/2025",
            "start_date": "02/09/2025",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Hà Thị Mai" in form.errors["hamlet"][0]
    html = response.content.decode()
    assert 'value="22-QĐ/ĐU"' in html
    assert 'value="02/09/2025"' in html
    assert HamletAssignment.objects.count() == 1


def test_the_exception_reason_shows_for_a_member_who_already_follows(
    client, commune_a, commune_a_user, dong_tam, tien_cat, mai
):
    HamletAssignment.objects.create(
        member=mai,
        hamlet=dong_tam,
        decision_number="15-QĐ/ĐU",
        decision_date=date(2025, 8, 1),
        start_date=date(2025, 8, 1),
    )
    client.force_login(commune_a_user)
    url = reverse("hamlets:assignment_new", args=[commune_a.pk])
    assert not client.get(url).context["form"].needs_exception_reason()
    data = {
        "member": mai.pk,
        "hamlet": tien_cat.pk,
        "decision_number": "23-QĐ/ĐU",
        "decision_date": "01/10/2025",
        "start_date": "01/10/2025",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].needs_exception_reason()
    assert "exception_reason" in refused.context["form"].errors
    accepted = client.post(url, {**data, "exception_reason": "Tổ dân phố mới thành lập"})
    assert accepted.status_code == 302
    cov = client.get(reverse("hamlets:coverage", args=[commune_a.pk])).context["cov"]
    assert [(m, len(items)) for m, items in cov.several] == [(mai, 2)]


def test_a_member_who_left_but_still_follows_shows_on_the_coverage(
    client, commune_a, commune_a_user, dong_tam, mai
):
    assignment = HamletAssignment.objects.create(
        member=mai,
        hamlet=dong_tam,
        decision_number="15-QĐ/ĐU",
        decision_date=date(2025, 8, 1),
        start_date=date(2025, 8, 1),
    )
    client.force_login(commune_a_user)
    left_on = timezone.localdate() - timezone.timedelta(days=3)
    response = client.post(
        reverse("hamlets:member_edit", args=[mai.pk]),
        {
            "full_name": mai.full_name,
            "date_of_birth": "12/03/1978",
            "position": "standing",
            "left_on": left_on.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("hamlets:coverage", args=[commune_a.pk])
    cov = client.get(response.url).context["cov"]
    assert cov.departed == [assignment]

    response = client.post(
        reverse("hamlets:assignment_end", args=[assignment.pk]),
        {"end_date": left_on.strftime("%d/%m/%Y"), "reason": "left"},
    )
    assert response.status_code == 302
    cov = client.get(reverse("hamlets:coverage", args=[commune_a.pk])).context["cov"]
    assert cov.departed == []
    assert cov.unfollowed == [dong_tam]


def test_reading_the_members_is_logged(client, commune_a, commune_a_user, mai, son):
    client.force_login(commune_a_user)
    client.get(reverse("hamlets:members", args=[commune_a.pk]))
    entry = PersonalDataAccess.objects.get(user=commune_a_user)
    assert entry.row_count == 2


def test_staff_reach_a_commune_by_its_id_and_may_change_it(
    client, staff, commune_a, commune_b, dong_tam
):
    client.force_login(staff)
    listing = client.get(reverse("hamlets:home"))
    assert {c.pk for c, _r in listing.context["rows"]} == {commune_a.pk, commune_b.pk}
    page = client.get(reverse("hamlets:commune", args=[commune_a.pk]))
    assert page.context["can_keep"]
    response = client.post(
        reverse("hamlets:cell_new", args=[commune_b.pk]), {"name": "Chi bộ xóm Bưng"}
    )
    assert response.status_code == 302
    assert commune_b.cells.get().name == "Chi bộ xóm Bưng"


def test_leaders_read_every_page_and_change_nothing(
    client, leader, commune_a, dong_tam, mai, dong_tam_cell
):
    client.force_login(leader)
    overview = client.get(reverse("hamlets:commune", args=[commune_a.pk]))
    assert overview.status_code == 200
    assert not overview.context["can_keep"]
    assert reverse("hamlets:hamlet_edit", args=[dong_tam.pk]) not in overview.content.decode()
    for url in (
        reverse("hamlets:coverage", args=[commune_a.pk]),
        reverse("hamlets:members", args=[commune_a.pk]),
        reverse("hamlets:cells", args=[commune_a.pk]),
        reverse("hamlets:hamlet", args=[dong_tam.pk]),
    ):
        assert client.get(url).status_code == 200, url
    refused = client.post(
        reverse("hamlets:hamlet_edit", args=[dong_tam.pk]), {"name": "Khu Mới", "kind": "thon"}
    )
    assert refused.status_code == 403
    assert (
        client.post(
            reverse("hamlets:member_new", args=[commune_a.pk]), {"full_name": "Ai Đó"}
        ).status_code
        == 403
    )
    dong_tam.refresh_from_db()
    assert dong_tam.name == "Khu Đồng Tâm"
    assert CommuneMember.objects.count() == 1


def test_the_cadre_role_has_no_business_here(client, hung_user, commune_a):  # noqa: F811
    client.force_login(hung_user)
    assert client.get(reverse("hamlets:home")).status_code == 403
    assert client.get(reverse("hamlets:commune", args=[commune_a.pk])).status_code == 403
