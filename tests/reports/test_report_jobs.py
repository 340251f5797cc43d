import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from reports import render
from reports.models import ReportJob
from reports.tasks import build_report, requeue_waiting

# Real commits, as in production: the task is sent when the job row is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_requests_the_summary_and_downloads_it(year_2026, client, leader):
    client.force_login(leader)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert "Chưa lập." in page
    response = client.post(
        reverse("reports:request"), {"kind": "summary", "year": 2026, "number": "127"}, follow=True
    )
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.requested_by) == ("done", 100, leader)  # in-process
    assert job.figures["forms"]["submitted"] == 3 and job.fingerprint
    assert f'data-testid="download-{job.pk}"' in response.content.decode()
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download["Content-Disposition"].endswith('bao-cao-tong-hop-2026.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_page_says_when_todays_data_differ_from_the_latest_file(
    year_2026, client, leader, staff
):
    from evaluations import services

    client.force_login(leader)
    client.post(reverse("reports:request"), {"kind": "summary", "year": 2026})
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="stale-summary"' not in page
    form = year_2026.forms.first()
    services.form_return(form=form, message="Bổ sung.", user=staff)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="stale-summary"' in page


def test_a_workbook_just_built_is_not_called_out_of_date(year_2026, client, leader, staff):
    """The workbook's figures carry every form's answers besides the annual figures; the page
    compares only the annual figures, so a workbook built from today's data is current (it was
    always called out of date), until the data change."""
    from evaluations import services

    client.force_login(leader)
    client.post(reverse("reports:request"), {"kind": "workbook", "year": 2026})
    assert ReportJob.objects.get().status == "done"
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="stale-workbook"' not in page
    services.form_return(form=year_2026.forms.first(), message="Bổ sung.", user=staff)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="stale-workbook"' in page


def test_a_failing_build_ends_the_job_failed_with_its_reason_and_no_file(
    year_2026, client, staff, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("mẫu báo cáo bị lỗi")

    monkeypatch.setattr(render, "summary_pdf", broken)
    client.force_login(staff)
    client.post(reverse("reports:request"), {"kind": "summary", "year": 2026})
    job = ReportJob.objects.get()
    assert job.status == "failed" and not job.file
    assert job.error == "Không lập được báo cáo: mẫu báo cáo bị lỗi"
    status = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "Không lập được báo cáo" in status
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_the_database_refuses_a_job_marked_done_without_its_file(year_2026, staff):
    job = ReportJob.objects.create(kind="summary", year=2026, requested_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.filter(pk=job.pk).update(status="done")


def test_building_twice_is_harmless(year_2026, staff):
    job = ReportJob.objects.create(kind="workbook", year=2026, requested_by=staff)
    build_report(job.pk)
    first = ReportJob.objects.get(pk=job.pk).file.name
    build_report(job.pk)
    assert ReportJob.objects.get(pk=job.pk).file.name == first


def test_with_the_broker_down_the_request_is_kept_and_sent_when_it_returns(
    year_2026, client, staff, monkeypatch
):
    def down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_report, "apply_async", down)
    client.force_login(staff)
    page = client.post(
        reverse("reports:request"), {"kind": "summary", "year": 2026}, follow=True
    ).content.decode()
    assert "tạm thời không kết nối được" in page
    job = ReportJob.objects.get()
    assert job.status == "queued"
    monkeypatch.undo()
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    assert requeue_waiting() == [job.pk]
    job.refresh_from_db()
    assert job.status == "done"


def test_only_report_readers_see_jobs(year_2026, client, staff, commune_a_user):
    client.force_login(staff)
    client.post(reverse("reports:request"), {"kind": "summary", "year": 2026})
    job = ReportJob.objects.get()
    client.force_login(commune_a_user)
    assert client.get(reverse("reports:home")).status_code == 403
    assert client.get(reverse("reports:job_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    assert (
        client.post(reverse("reports:request"), {"kind": "summary", "year": 2026}).status_code
        == 403
    )


def test_a_job_whose_worker_keeps_dying_ends_failed_instead_of_running_forever(year_2026, staff):
    # Five starts that never finished (each worker killed mid-build, e.g. for memory): the
    # redelivered task gives up with the reason instead of killing the next worker.
    job = ReportJob.objects.create(
        kind="summary", year=2026, requested_by=staff, status="running", attempts=5
    )
    build_report(job.pk)
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("failed", "")
    assert job.error.startswith("Không lập được báo cáo: ") and " 5 " in job.error


def test_a_job_left_running_by_a_dead_worker_is_built_again(year_2026, staff):
    job = ReportJob.objects.create(
        kind="summary", year=2026, requested_by=staff, status="running", attempts=1, progress=40
    )
    build_report(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_job_left_running_by_a_dead_worker_is_built_again_by_beat(year_2026, staff):
    from datetime import timedelta

    from django.utils import timezone

    job = ReportJob.objects.create(kind="summary", year=2026, requested_by=staff)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - timedelta(minutes=10), attempts=1
    )
    assert requeue_waiting() == []  # still within the build's time limit: maybe still working
    ReportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert requeue_waiting() == [job.pk]
    job.refresh_from_db()
    assert job.status == "done" and job.file.read(5) == b"%PDF-"


def test_a_job_opened_as_a_page_is_a_whole_page_that_waits_for_its_file(client, staff):
    job = ReportJob.objects.create(kind="summary", year=2026, requested_by=staff)
    client.force_login(staff)
    url = reverse("reports:job_status", args=[job.pk])
    polled = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<h1" not in polled and "hx-trigger" in polled  # the fragment htmx swaps in
    page = client.get(url).content.decode()
    assert "<h1" in page and "Báo cáo tổng hợp (PDF) 2026" in page
    assert 'http-equiv="refresh"' in page  # without scripts, it reloads itself
