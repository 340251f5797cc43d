"""A commune account sees only its own commune's forms: every form URL answers 404 for another
commune's form, whatever the method."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The pages of a form answer a GET; the actions take only a POST and answer every GET with
# 405, whoever asks and whatever the number (the permission matrix says so), so that answer
# tells nothing about the form.
PAGES = ["evaluations:form", "evaluations:print", "evaluations:staff_edit"]
ACTIONS = ["evaluations:accept", "evaluations:return", "evaluations:drop"]


@pytest.mark.parametrize("name", PAGES + ACTIONS)
def test_commune_b_gets_404_on_every_url_of_commune_as_form(client, commune_b_user, form_a, name):
    client.force_login(commune_b_user)
    url = reverse(name, args=[form_a.pk])
    assert client.get(url).status_code == (404 if name in PAGES else 405)
    assert client.post(url, {"version": 0, "submit": "1"}).status_code == 404
    form_a.refresh_from_db()
    assert form_a.status == "new"


def test_the_staff_actions_are_refused_to_a_commune_even_on_its_own_form(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    for name in (
        "evaluations:accept",
        "evaluations:return",
        "evaluations:drop",
        "evaluations:staff_edit",
    ):
        assert client.post(reverse(name, args=[form_a.pk])).status_code == 403


def test_a_commune_cannot_reach_the_rounds_or_another_communes_list(client, commune_a_user, form_b):
    client.force_login(commune_a_user)
    assert client.get(reverse("evaluations:rounds")).status_code == 403
    assert client.get(reverse("evaluations:round", args=[2026])).status_code == 403
    assert "Lê Thị Lan" not in client.get(reverse("evaluations:home")).content.decode()


def test_a_leader_reads_a_form_but_cannot_review_it(client, leader, form_a):
    client.force_login(leader)
    assert client.get(reverse("evaluations:form", args=[form_a.pk])).status_code == 200
    assert client.post(reverse("evaluations:accept", args=[form_a.pk])).status_code == 403


def test_anonymous_visitors_go_to_login(client, form_a):
    response = client.get(reverse("evaluations:form", args=[form_a.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
