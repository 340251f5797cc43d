from datetime import date

import pytest
from django.urls import reverse

from evaluations.models import DeadlineExtension

pytestmark = pytest.mark.django_db


def test_staff_extend_one_communes_deadline_on_its_own_page(client, staff, form_a, commune_a):
    client.force_login(staff)
    url = reverse("evaluations:round_extend", args=[2026])
    page = client.get(url, {"commune": commune_a.pk})
    assert page.status_code == 200
    assert page.context["form"]["commune"].value() == commune_a.pk
    response = client.post(
        url,
        {"ext-commune": commune_a.pk, "ext-deadline": "05/01/2100", "ext-reason": "Mất điện"},
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(commune=commune_a)
    assert extension.deadline == date(2100, 1, 5)
    round_page = client.get(reverse("evaluations:round", args=[2026])).content.decode()
    assert "05/01/2100" in round_page and "Mất điện" in round_page


def test_a_refused_extension_keeps_what_was_typed(client, staff, form_a, commune_a):
    client.force_login(staff)
    url = reverse("evaluations:round_extend", args=[2026])
    response = client.post(
        url, {"ext-commune": commune_a.pk, "ext-deadline": "31/02/2100", "ext-reason": "Bão lũ"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bão lũ" in page and "31/02/2100" in page
    assert not DeadlineExtension.objects.exists()


def test_the_round_page_does_not_list_every_commune(client, staff, form_a):
    client.force_login(staff)
    page = client.get(reverse("evaluations:round", args=[2026])).content.decode()
    assert 'name="ext-commune"' not in page
    assert reverse("evaluations:round_extend", args=[2026]) in page
