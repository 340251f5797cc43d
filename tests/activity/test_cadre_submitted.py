"""Under each plan and report the cadre sent, the cadre's page shows what was sent: the file's
name with a link to download it, the date, the text; the form to send a new version comes
beneath. Its fields are the project's own (labels, required marks, errors at the field and at
the top), and the file input is the project's, never the browser's "Choose File"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from activity.models import Plan
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db

PDF = "%PDF-1.4 kế hoạch theo dõi".encode()


@pytest.fixture
def cadre_client(client, hung_user, assignments, year_2026):
    client.force_login(hung_user)
    return client


def _home(client):
    return client.get(reverse("activity:home"), {"year": 2026}).content.decode()


def test_it_shows_the_file_sent_with_its_date_and_a_link_to_download_it(cadre_client, hung_user):
    with freeze_time("2026-01-20 09:00"):
        cadre_client.force_login(hung_user)  # inside: the session's lifetime counts from here
        response = cadre_client.post(
            reverse("activity:home"),
            {
                "action": "plan",
                "year": 2026,
                "plan-file": SimpleUploadedFile("Kế hoạch 2026.pdf", PDF),
            },
        )
        assert response["Location"].startswith(reverse("activity:home"))
        page = _home(cadre_client)
        assert by_testid(page, "plan-status").text == "Đã nộp ngày 20/01/2026"
        link = by_testid(page, "plan-file")
        assert link.text == "Kế hoạch 2026.pdf"
        plan = Plan.objects.get()
        assert link.attrs["href"] == reverse("activity:file", args=["plan", plan.pk])
        assert cadre_client.get(link.attrs["href"]).status_code == 200


def test_it_shows_the_text_sent_above_the_form_for_a_new_version(cadre_client):
    cadre_client.post(
        reverse("activity:home"),
        {"action": "half", "year": 2026, "half-text": "Sáu tháng đầu năm: về cơ sở 3 lượt."},
    )
    page = _home(cadre_client)
    assert by_testid(page, "half-text").text == "Sáu tháng đầu năm: về cơ sở 3 lượt."
    assert "Đã nộp ngày" in by_testid(page, "half-status").text
    assert by_testid(page, "half-replace").text == "Nộp bản khác thay thế"
    assert parse(page).find_all(testid="annual-submitted") == []  # not sent yet: no box


def test_every_file_input_is_the_projects_own_with_a_label(cadre_client):
    tree = parse(_home(cadre_client))
    inputs = [i for i in tree.find_all(tag="input") if i.attrs.get("type") == "file"]
    assert len(inputs) == 3  # the plan, the 6-month and the annual report
    for file_input in inputs:
        assert "visually-hidden" in file_input.attrs["class"].split()
        texts = [
            label.text
            for label in tree.find_all(tag="label")
            if label.attrs.get("for") == file_input.attrs["id"]
        ]
        assert "Chọn tệp…" in texts
        described = file_input.attrs["aria-describedby"].split()
        assert tree.one(id=described[-1]).text == "Chưa chọn tệp"


def test_a_visit_with_missing_fields_lists_them_and_keeps_what_was_typed(cadre_client):
    page = cadre_client.post(
        reverse("activity:home"),
        {
            "action": "visit",
            "year": 2026,
            "visit-day": "",
            "visit-kind": "committee",
            "visit-content": "",
            "visit-problems": "Chi bộ thôn 3 chưa họp định kỳ.",
        },
    ).content.decode()
    summary = by_testid(page, "error-summary")
    hrefs = [a.attrs["href"] for a in summary.find_all(tag="a")]
    assert hrefs == ["#id_visit-commune", "#id_visit-day", "#id_visit-content"]
    tree = parse(page)
    assert tree.one(id="id_visit-problems").text == "Chi bộ thôn 3 chưa họp định kỳ."
    assert tree.one(id="id_visit-content").attrs["aria-invalid"] == "true"
    label = [lbl for lbl in tree.find_all(tag="label") if lbl.attrs.get("for") == "id_visit-day"]
    assert label[0].text == "Ngày * (bắt buộc)"
