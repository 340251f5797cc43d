"""The centre's reports page: staff and leaders ask for the central PDF or workbook for a year
with snapshots; the task builds it (in-process here) and the page's row becomes the download."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reports.models import ReportJob
from tests.conftest import make_user

from .builders import centre_set_up
from .comparison_data import two_years

# Real commits, as in production: the task is sent when the job row is committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(central):
    centre_set_up()
    return two_years()


def test_staff_request_the_central_pdf_and_download_it(client, staff, data):
    client.force_login(staff)
    page = client.get(reverse("central:reports")).content.decode()
    assert '<option value="2025"' in page and '<option value="2024"' in page
    response = client.post(
        reverse("central:reports"), {"kind": "central", "year": "2025", "number": "45"}, follow=True
    )
    job = ReportJob.objects.get()
    assert (job.kind, job.year, job.document_number, job.status) == ("central", 2025, "45", "done")
    assert job.figures["comparison"]["total"]["forms_submitted"] == 859
    html = response.content.decode()
    assert f'data-testid="download-{job.pk}"' in html
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download["Content-Disposition"].endswith('bao-cao-cac-tinh-2025.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_leader_requests_the_workbook(client, leader, data):
    client.force_login(leader)
    client.post(reverse("central:reports"), {"kind": "central_xlsx", "year": "2024"})
    job = ReportJob.objects.get()
    assert (job.kind, job.status, job.filename) == (
        "central_xlsx",
        "done",
        "so-lieu-cac-tinh-2024.xlsx",
    )
    status = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert reverse("reports:download", args=[job.pk]) in status
    assert f'href="{reverse("central:reports")}"' in status  # the way back


def test_a_year_without_snapshots_or_a_number_too_long_is_refused_and_nothing_is_queued(
    client, staff, data
):
    client.force_login(staff)
    response = client.post(reverse("central:reports"), {"kind": "central", "year": "2023"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    response = client.post(
        reverse("central:reports"), {"kind": "central", "year": "2025", "number": "1" * 21}
    )
    assert "is-invalid" in response.content.decode()
    response = client.post(reverse("central:reports"), {"kind": "summary", "year": "2025"})
    assert "is-invalid" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_the_province_reports_page_does_not_build_a_central_report(client, settings, staff):
    """On a province's installation the central kinds are not its reports page's to build."""
    client.force_login(staff)
    response = client.post(reverse("reports:request"), {"kind": "central", "year": "2025"})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_an_account_that_may_read_but_not_request_gets_no_form_and_403_on_posting(client, data):
    reader = make_user("doc")
    reader.user_permissions.add(Permission.objects.get(codename="view_reportjob"))
    client.force_login(reader)
    page = client.get(reverse("central:reports")).content.decode()
    assert 'data-testid="request-form"' not in page
    response = client.post(reverse("central:reports"), {"kind": "central", "year": "2025"})
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_an_account_without_the_permission_is_refused(client, data):
    client.force_login(make_user("khach"))
    assert client.get(reverse("central:reports")).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, data):
    response = client.get(reverse("central:reports"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
