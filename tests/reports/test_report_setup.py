"""A report is headed and signed as the set-up page says; without a signer it is refused with a
way to the set-up page, not printed with a blank signature block."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from core.models import Organisation
from reports.models import ReportJob

# Real commits, as in production: the task is sent when the job row is committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def no_signer(year_2026):
    organisation = Organisation.current()
    organisation.signer_name = ""
    organisation.save()
    return organisation


def test_the_summary_is_refused_without_a_signer_with_a_link_to_the_setup(
    no_signer, client, leader
):
    client.force_login(leader)
    response = client.post(
        reverse("reports:request"), {"kind": "summary", "year": 2026}, follow=True
    )
    page = response.content.decode()
    assert ReportJob.objects.count() == 0
    assert "Chưa khai báo đủ" in page and "họ tên người ký" in page
    assert f'href="{reverse("organisation_setup")}"' in page


def test_the_reports_page_warns_before_anyone_asks(no_signer, client, staff):
    client.force_login(staff)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="setup-missing"' in page


def test_the_workbook_has_no_signature_and_is_still_built(no_signer, client, leader):
    client.force_login(leader)
    client.post(reverse("reports:request"), {"kind": "workbook", "year": 2026})
    assert ReportJob.objects.get().status == "done"


def test_build_report_refuses_too(no_signer, tmp_path):
    with pytest.raises(CommandError, match="họ tên người ký"):
        call_command("build_report", "--year", "2026", "--kind", "summary", "--out-dir", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_pdf_prints_the_names_and_signer_of_the_setup(year_2026, tmp_path):
    organisation = Organisation.current()
    organisation.party_committee = "TỈNH ỦY LAI CHÂU"
    organisation.place_name = "Lai Châu"
    organisation.signer_on_behalf = "K/T TRƯỞNG BAN"
    organisation.signer_title = "PHÓ TRƯỞNG BAN"
    organisation.signer_name = "Lò Văn Pọm"
    organisation.save()
    out = tmp_path / "summary.pdf"
    call_command(
        "build_report",
        "--year",
        "2026",
        "--kind",
        "summary",
        "--out",
        out,
        "--number",
        "127",
        stdout=io.StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    text = " ".join(text.split())
    assert "TỈNH ỦY LAI CHÂU" in text and "Số 127-BC/BTCTU" in text
    assert "Lai Châu, ngày" in text
    assert "K/T TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text and "Lò Văn Pọm" in text
