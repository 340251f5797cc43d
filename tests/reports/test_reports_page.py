"""The leaders' reports page: every field labelled, the cadre picked in a searchable list of the
cadres who have something to show, figures marked provisional while the round is open, and the
"being built" line replaced by the download link when the file is ready."""

import pytest
from django.urls import reverse

from assignments.models import Cadre
from evaluations import services as evaluation_services
from reports.models import ReportJob
from reports.tasks import build_report
from tests.html import parse

# Real commits, as in production: the task is sent when the job row is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def _page(client, year=2026):
    return client.get(reverse("reports:home"), {"year": year}).content.decode()


def test_every_field_of_the_page_has_a_visible_label(year_2026, client, staff):
    client.force_login(staff)
    page = parse(_page(client)).one(tag="main")  # the page's own fields, not the layout's
    labels = {label.attrs.get("for"): label.text for label in page.find_all(tag="label")}
    fields = [
        e
        for e in page.iter()
        if e.tag in ("select", "textarea")
        or (e.tag == "input" and e.attrs.get("type") not in ("hidden", "submit"))
    ]
    assert {f.attrs.get("name") for f in fields} == {"year", "number", "cadre"}
    for field in fields:
        assert labels.get(field.attrs.get("id")), f"{field.attrs.get('name')} has no label"
    assert labels["number-summary"] == "Số văn bản"
    assert all("novalidate" in form.attrs for form in page.find_all(tag="form"))


def test_the_cadre_is_picked_in_a_searchable_list_of_cadres_with_a_form(year_2026, client, staff):
    client.force_login(staff)
    html = _page(client)
    picker = parse(html).one(tag="select", id="cadre")
    assert "data-picker" in picker.attrs
    assert "tom-select.complete.min.js" in html and "tom-select.bootstrap5.min.css" in html
    options = [option.text for option in picker.find_all(tag="option")]
    assert options == ["— Chọn cán bộ —", "Lê Thị Lan – Sở Nội vụ", "Nguyễn Văn Hùng – Sở Nội vụ"]


def test_a_cadre_with_nothing_to_show_gets_a_message_and_no_file(year_2026, client, staff):
    nobody = Cadre.objects.get(full_name="Không Được Giao")
    client.force_login(staff)
    response = client.post(
        reverse("reports:request"),
        {"kind": "cadre", "year": 2026, "cadre": nobody.pk},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Chưa có Đảng ủy xã, phường nào gửi phiếu nhận xét đối với đồng chí Không Được Giao "
        "năm 2026" in page
    )
    assert ReportJob.objects.count() == 0


def test_while_the_round_is_open_the_page_and_its_files_say_provisional(year_2026, client, staff):
    client.force_login(staff)
    client.post(reverse("reports:request"), {"kind": "summary", "year": 2026})
    page = parse(_page(client))
    assert "Đợt đánh giá năm 2026 chưa kết thúc" in page.one(testid="provisional").text
    assert "Số liệu tạm tính" in page.one(testid="provisional-summary").text

    evaluation_services.round_close(evaluation_round=year_2026)
    client.post(reverse("reports:request"), {"kind": "summary", "year": 2026})
    page = parse(_page(client))
    assert page.find_all(testid="provisional") == []
    assert page.find_all(testid="provisional-summary") == []  # the newest file is final


def test_the_being_built_line_gives_way_to_the_download_when_the_file_is_ready(
    year_2026, client, staff
):
    job = ReportJob.objects.create(kind="summary", year=2026, requested_by=staff)  # not sent yet
    client.force_login(staff)
    running = parse(_page(client)).one(testid="running")
    status = running.one(testid=f"job-{job.pk}")
    assert "hx-trigger" in status.attrs and "đang chờ" in status.text
    assert "Tải về" not in running.text

    build_report(job.pk)
    fragment = parse(client.get(reverse("reports:job_status", args=[job.pk])).content)
    status = fragment.one(testid=f"job-{job.pk}")
    assert "hx-get" not in status.attrs and "hx-trigger" not in status.attrs  # polling stops
    assert status.one(testid=f"download-{job.pk}").text == "Tải về"
    assert "đang" not in status.text
    assert parse(_page(client)).find_all(testid="running") == []


def test_a_request_leaves_no_being_prepared_message_over_a_ready_file(year_2026, client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("reports:request"), {"kind": "summary", "year": 2026}, follow=True
    )
    page = parse(response.content)
    job = ReportJob.objects.get()
    assert job.status == "done"
    assert page.one(testid=f"download-{job.pk}")
    assert "đang được lập" not in page.text and "đang lập" not in page.text
