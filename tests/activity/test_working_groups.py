"""Working groups (tổ công tác): staff keep them and log their visits; leaders read."""

from datetime import date

import pytest
from django.urls import reverse

from activity.models import GroupVisit, WorkingGroup

pytestmark = pytest.mark.django_db


def _group_post(client, hung, lan, communes, **overrides):
    data = {
        "name": "Tổ công tác số 1",
        "leader": hung.pk,
        "members": [lan.pk],
        "communes": [c.pk for c in communes],
        "decision_number": "15-QĐ/TU",
        "decision_date": "02/01/2026",
        "start_date": "05/01/2026",
        "end_date": "30/06/2026",
        "purpose": "Theo dõi xã khó khăn",
        **overrides,
    }
    return client.post(reverse("activity:group_new"), data)


def test_staff_create_a_group_and_log_its_visits_leaders_read(
    client, staff, leader, hung, lan, commune_a, commune_b
):
    client.force_login(staff)
    assert _group_post(client, hung, lan, [commune_a], end_date="01/01/2026").status_code == 200
    assert not WorkingGroup.objects.exists()
    assert _group_post(client, hung, lan, [commune_a]).status_code == 302
    group = WorkingGroup.objects.get()
    assert (group.leader, list(group.members.all()), list(group.communes.all())) == (
        hung,
        [lan],
        [commune_a],
    )
    visit_url = reverse("activity:group_visit_new", args=[group.pk])
    # A commune the group does not follow, or a day outside its period: refused.
    for commune, day in ((commune_b, "01/03/2026"), (commune_a, "01/08/2026")):
        answer = client.post(visit_url, {"commune": commune.pk, "day": day, "content": "x"})
        assert answer.status_code == 200
    assert not GroupVisit.objects.exists()
    client.post(visit_url, {"commune": commune_a.pk, "day": "01/03/2026", "content": "Làm việc"})
    assert GroupVisit.objects.get().day == date(2026, 3, 1)

    client.force_login(leader)
    listing = client.get(reverse("activity:groups")).content.decode()
    assert "Tổ công tác số 1" in listing and commune_a.name in listing
    detail = client.get(reverse("activity:group_detail", args=[group.pk])).content.decode()
    assert "Lê Thị Lan" in detail and "Làm việc" in detail
    assert _group_post(client, hung, lan, [commune_a]).status_code == 403
    assert client.get(visit_url).status_code == 403
