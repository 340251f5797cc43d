"""Party cell meetings on the visit log: a provincial cadre's at a cell of their commune, which
the commune confirms; a commune member's, logged and confirmed by the commune account."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activity import services
from activity.models import Visit
from core.models import PersonalDataAccess
from hamlets.models import CommuneMember, PartyCell

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell_a(commune_a):
    return PartyCell.objects.create(commune=commune_a, name="Chi bộ thôn Đồng Tâm")


@pytest.fixture
def cell_b(commune_b):
    return PartyCell.objects.create(commune=commune_b, name="Chi bộ thôn Bắc Sơn")


@pytest.fixture
def binh(commune_a):
    return CommuneMember.objects.create(commune=commune_a, full_name="Trần Văn Bình")


@pytest.fixture
def dung(commune_b):
    return CommuneMember.objects.create(commune=commune_b, full_name="Vũ Văn Dũng")


def _cadre_post(client, commune, **fields):
    data = {
        "action": "visit",
        "year": 2026,
        "visit-commune": commune.pk,
        "visit-day": "15/03/2026",
        "visit-kind": "cell",
        "visit-content": "Dự sinh hoạt chi bộ",
        **fields,
    }
    return client.post(reverse("activity:home"), data)


def test_a_cadre_s_cell_meeting_names_a_cell_of_the_commune_which_confirms_it(
    client, hung_user, hung, commune_a, commune_a_user, assignments, cell_a, cell_b
):
    client.force_login(hung_user)
    page = client.get(reverse("activity:home")).content.decode()
    assert "Chi bộ thôn Đồng Tâm" in page and "Chi bộ thôn Bắc Sơn" not in page
    assert _cadre_post(client, commune_a).status_code == 200  # no cell: refused
    assert _cadre_post(client, commune_a, **{"visit-cell": cell_b.pk}).status_code == 200
    assert not Visit.objects.exists()
    assert _cadre_post(client, commune_a, **{"visit-cell": cell_a.pk}).status_code == 302
    visit = Visit.objects.get()
    assert (visit.cadre, visit.cell, visit.status) == (hung, cell_a, "pending")
    client.force_login(commune_a_user)
    client.post(reverse("activity:visit_review", args=[visit.pk]), {"confirm": "1"})
    visit.refresh_from_db()
    assert visit.status == "confirmed"


def test_the_service_refuses_a_cell_of_another_commune_and_a_cell_meeting_without_one(
    hung, commune_a, assignments, cell_b
):
    for cell in (cell_b, None):
        with pytest.raises(ValidationError):
            services.visit_log(
                cadre=hung,
                commune=commune_a,
                day=date(2026, 3, 1),
                kind="cell",
                content="x",
                cell=cell,
            )
    # Another kind names no cell, whatever was sent.
    visit = services.visit_log(
        cadre=hung,
        commune=commune_a,
        day=date(2026, 3, 1),
        kind="working",
        content="x",
        cell=cell_b,
    )
    assert visit.cell is None


def _meeting_post(client, url, member, cell, day="05/03/2026", content="Sinh hoạt chi bộ tháng 3"):
    return client.post(url, {"member": member.pk, "cell": cell.pk, "day": day, "content": content})


def test_the_commune_logs_its_members_meetings_confirmed_at_once(
    client, commune_a_user, binh, dung, cell_a, cell_b
):
    client.force_login(commune_a_user)
    new = reverse("activity:cell_meeting_new")
    # Another commune's member or cell is not a choice: nothing is written.
    assert _meeting_post(client, new, dung, cell_a).status_code == 200
    assert _meeting_post(client, new, binh, cell_b).status_code == 200
    assert _meeting_post(client, new, binh, cell_a, day="05/03/2099").status_code == 200
    assert not Visit.objects.exists()
    assert _meeting_post(client, new, binh, cell_a).status_code == 302
    meeting = Visit.objects.get()
    assert (meeting.member, meeting.cadre, meeting.cell, meeting.kind, meeting.status) == (
        binh,
        None,
        cell_a,
        "cell",
        "confirmed",
    )
    listing = client.get(reverse("activity:cell_meetings"), {"year": 2026}).content.decode()
    assert "Trần Văn Bình" in listing and "Chi bộ thôn Đồng Tâm" in listing
    assert PersonalDataAccess.objects.filter(user=commune_a_user).exists()
    # Not a visit for the commune to confirm.
    assert (
        client.post(
            reverse("activity:visit_review", args=[meeting.pk]), {"confirm": "0"}
        ).status_code
        == 404
    )

    edit = reverse("activity:cell_meeting_edit", args=[meeting.pk])
    assert _meeting_post(client, edit, binh, cell_a, day="06/03/2026").status_code == 302
    meeting.refresh_from_db()
    assert meeting.day == date(2026, 3, 6)
    client.post(reverse("activity:cell_meeting_delete", args=[meeting.pk]))
    assert not Visit.objects.exists()


def test_another_commune_cannot_touch_a_commune_s_meetings(
    client, commune_a, commune_b_user, binh, cell_a
):
    meeting = services.member_meeting_save(
        commune=commune_a, member=binh, cell=cell_a, day=date(2026, 3, 5), content="x"
    )
    client.force_login(commune_b_user)
    assert client.get(reverse("activity:cell_meeting_edit", args=[meeting.pk])).status_code == 404
    assert (
        client.post(reverse("activity:cell_meeting_delete", args=[meeting.pk])).status_code == 404
    )
    listing = client.get(reverse("activity:cell_meetings"), {"year": 2026}).content.decode()
    assert "Trần Văn Bình" not in listing
    assert Visit.objects.filter(pk=meeting.pk).exists()


def test_members_under_the_minimum_for_the_commune_and_for_staff(
    client, commune_a, commune_b, commune_a_user, staff, binh, dung, cell_a, cell_b
):
    for month in (1, 2, 3, 4):
        services.member_meeting_save(
            commune=commune_a, member=binh, cell=cell_a, day=date(2026, month, 5), content="x"
        )
    services.member_meeting_save(
        commune=commune_b, member=dung, cell=cell_b, day=date(2026, 1, 5), content="x"
    )
    cuc = CommuneMember.objects.create(commune=commune_a, full_name="Đỗ Thị Cúc")
    url = reverse("activity:members_under")
    client.force_login(commune_a_user)
    page = client.get(url, {"year": 2026, "commune": commune_b.pk}).content.decode()
    # A commune sees its own whatever it asks: Bình has 4 (the minimum), Cúc none.
    assert cuc.full_name in page and "Trần Văn Bình" not in page and "Vũ Văn Dũng" not in page
    client.force_login(staff)
    page = client.get(url, {"year": 2026}).content.decode()
    assert cuc.full_name in page and "Vũ Văn Dũng" in page and "Trần Văn Bình" not in page
    page = client.get(url, {"year": 2026, "commune": commune_b.pk}).content.decode()
    assert "Vũ Văn Dũng" in page and cuc.full_name not in page
    assert client.get(url, {"commune": "x"}).status_code == 400


def test_the_overview_lists_cadres_under_the_cell_minimum_and_staff_set_the_minimums(
    client, staff, hung, lan, commune_a, assignments, cell_a
):
    services.visit_log(
        cadre=hung, commune=commune_a, day=date(2026, 3, 1), kind="cell", content="x", cell=cell_a
    )
    client.force_login(staff)
    page = client.get(reverse("activity:overview"), {"year": 2026}).content.decode()
    under = page.split('data-testid="under-cell-minimum"')[1].split("</ul>")[0]
    assert "Lê Thị Lan" in under and "Nguyễn Văn Hùng" not in under
    client.post(
        f"{reverse('activity:overview')}?year=2026",
        {
            "plan_deadline": "31/01/2026",
            "half_year_deadline": "10/07/2026",
            "annual_deadline": "10/12/2026",
            "min_visits": 4,
            "min_meetings": 2,
            "min_cell_meetings_province": 2,
            "min_cell_meetings_commune": 6,
        },
    )
    page = client.get(reverse("activity:overview"), {"year": 2026}).content.decode()
    under = page.split('data-testid="under-cell-minimum"')[1].split("</ul>")[0]
    assert "Lê Thị Lan" in under and "Nguyễn Văn Hùng" in under
