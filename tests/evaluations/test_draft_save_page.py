"""Saving a draft answers with the form as saved and "Draft saved." in one request, not a
redirect and a reload; the page carries the new version, so the commune can save again, review
and submit from it."""

import pytest
from django.urls import reverse

from evaluations.models import EvaluationForm
from tests.evaluations.conftest import complete_post
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db


def _url(form):
    return reverse("evaluations:form", args=[form.pk])


def _posted(page):
    """What the page's form posts as it stands: its inputs, text areas and checked options."""
    tree = parse(page)
    data = {}
    for tag in tree.find_all(tag="input"):
        kind = tag.attrs.get("type")
        if kind in {"radio", "checkbox"} and "checked" not in tag.attrs:
            continue
        if "name" in tag.attrs:
            data[tag.attrs["name"]] = tag.attrs.get("value", "")
    for tag in tree.find_all(tag="textarea"):
        data[tag.attrs["name"]] = tag.text.removeprefix("\n")
    return data


def test_a_saved_draft_answers_with_the_form_and_a_message(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a, strengths="Sâu sát cơ sở.", level="")
    data["save"] = "1"
    response = client.post(_url(form_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã lưu bản nháp." in page
    assert "error-summary" not in page
    tree = parse(page)
    assert tree.one(id="id_strengths").text.strip() == "Sâu sát cơ sở."
    assert tree.one(id="id_version").attrs["value"] == "1"
    form_a.refresh_from_db()
    assert (form_a.status, form_a.version, form_a.strengths) == ("draft", 1, "Sâu sát cơ sở.")


def test_from_the_saved_page_the_commune_saves_again_then_reviews_and_submits(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    first = complete_post(form_a, shortcomings="")
    first["save"] = "1"
    page = client.post(_url(form_a), first).content.decode()
    again = _posted(page)
    again.update(shortcomings="Chưa đều.", save="1")
    page = client.post(_url(form_a), again).content.decode()
    assert "Đã lưu bản nháp." in page and "error-summary" not in page
    review = _posted(page)
    review["review"] = "1"
    # The review answers with the confirmation itself, naming its own address for a reload.
    response = client.post(_url(form_a), review)
    assert response.status_code == 200
    page = response.content.decode()
    assert by_testid(page, "draft-saved") is not None
    assert f'data-page-url="{_url(form_a)}?confirm=1"' in page
    confirm = _posted(page)
    confirm["submit"] = "1"
    # The submission answers with the commune's home and its thanks.
    response = client.post(_url(form_a), confirm)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy. Trân trọng cảm ơn." in page
    assert f'data-page-url="{reverse("evaluations:home")}"' in page
    stored = EvaluationForm.objects.get(pk=form_a.pk)
    assert (stored.status, stored.shortcomings, stored.version) == ("submitted", "Chưa đều.", 4)
    # A second click on "Submit" changes nothing: the form is in, once.
    client.post(_url(form_a), confirm)
    assert EvaluationForm.objects.get(pk=form_a.pk).events.filter(kind="submitted").count() == 1


def test_a_page_saved_in_another_tab_is_not_overwritten_by_the_older_one(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    old_tab = complete_post(form_a, strengths="Bản cũ.")
    new_tab = complete_post(form_a, strengths="Bản mới.")
    client.post(_url(form_a), {**new_tab, "save": "1"})
    page = client.post(_url(form_a), {**old_tab, "save": "1"}).content.decode()
    assert "error-summary" in page
    form_a.refresh_from_db()
    assert form_a.strengths == "Bản mới."


def test_a_page_reloaded_after_saving_sends_the_same_save_and_is_told_it_is_saved(
    client, commune_a_user, form_a
):
    # The browser's reload sends the save again with the version it was made from: what it
    # says is already stored, so it is not "someone else's" save.
    client.force_login(commune_a_user)
    data = {**complete_post(form_a, strengths="Sâu sát cơ sở."), "save": "1"}
    client.post(_url(form_a), data)
    page = client.post(_url(form_a), data).content.decode()
    assert "Đã lưu bản nháp." in page and "error-summary" not in page
    assert parse(page).one(id="id_version").attrs["value"] == "1"
    form_a.refresh_from_db()
    assert (form_a.version, form_a.strengths) == (1, "Sâu sát cơ sở.")
