"""The central report (issue 19's must-show: the central PDF's text checked), built by reports'
task from the stored snapshots: the PDF in the Party's format from the central set-up, the
workbook with the same table, and the same job's figures rendering the same bytes again."""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from core.models import Organisation
from reports import services
from reports.models import ReportJob
from rollup.report import central_pdf
from tests.conftest import make_user

from .builders import centre_set_up
from .comparison_data import two_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(central):
    """Vụ Địa phương II's set-up, as its staff leave it."""
    centre_set_up(
        signer_on_behalf="K/T VỤ TRƯỞNG",
        signer_title="PHÓ VỤ TRƯỞNG",
        report_recipients="- Lãnh đạo Ban (b/c),\n- Lưu Vụ II.",
    )
    two_years()
    return make_user("vu2", "staff", full_name="Lê Thị Hoa")


def _build(kind, user, number="45"):
    job = ReportJob.objects.create(kind=kind, year=2025, requested_by=user, document_number=number)
    return services.report_build(job=job)


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_is_headed_in_the_partys_format_from_the_central_set_up(centre):
    job = _build(ReportJob.Kind.CENTRAL, centre)
    assert job.status == "done" and job.filename == "bao-cao-cac-tinh-2025.pdf"
    text = _text(job.file.read())
    for line in (
        "BAN TỔ CHỨC TRUNG ƯƠNG",
        "VỤ ĐỊA PHƯƠNG II",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 45-BC/BTCTW",
        "BÁO CÁO",
        "năm 2025 của các tỉnh ủy, thành ủy",
        "K/T VỤ TRƯỞNG",
        "PHÓ VỤ TRƯỞNG",
        "Nguyễn Văn Quy",
        "Lưu Vụ II",
    ):
        assert line in text, line
    issued = job.figures["issued_on"]
    day, month, year = issued[8:10], issued[5:7], issued[:4]
    assert f"Hà Nội, ngày {day} tháng {month} năm {year}" in text


def test_the_pdf_gives_each_province_its_ratios_as_numerator_over_denominator(centre):
    text = _text(_build(ReportJob.Kind.CENTRAL, centre).file.read())
    assert "đã nhận số liệu của 2/3 tỉnh ủy, thành ủy" in text
    hanoi = text.split("1 Hà Nội ")[1]
    assert hanoi.startswith("709/724 (97,9 %) 2024: 500/579 (86,4 %)")
    # Commendation was not counted in the 2024 file (0/0): the year before says "—".
    assert "188/221 (85,1 %) 2024: — " in hanoi
    assert "Phú Thọ 150/160 (93,8 %)" in text
    # The merged province's 2024: the old 17, 25 and 26 together, 481/512.
    assert "2024: 481/512 (93,9 %)" in text
    # The total from numerators and denominators: 859/884, 97,2 %.
    assert "Tổng cộng 859/884 (97,2 %)" in text
    assert "Lào Cai (mã 15)" in text  # has not sent
    # Which version each figure comes from.
    assert "TỈNH ỦY PHÚ THỌ (mã 25), năm 2025, phiên bản 3, xuất ngày 20/01/2026" in text
    assert "TỈNH ỦY PHÚ THỌ (mã 17, 25, 26), năm 2024, phiên bản 2, xuất ngày 20/01/2025" in text


def test_the_same_jobs_figures_render_the_same_bytes_again(centre):
    job = _build(ReportJob.Kind.CENTRAL, centre)
    first = services.render_job(job, job.figures)
    again = services.render_job(job, job.figures)
    assert first == again == job.file.read()


def test_a_new_snapshot_changes_a_new_report_not_the_figures_an_old_one_kept(centre):
    job = _build(ReportJob.Kind.CENTRAL, centre)
    kept = job.figures
    from rollup.models import FollowedProvince

    from .comparison_data import forms, store

    store(
        [FollowedProvince.objects.get(code="15", map="current")],
        year=2025,
        sequence=1,
        rows={"15": forms(90, 100)},
    )
    assert "Lào Cai (mã 15)" in _text(central_pdf(kept, document_number="45"))
    later = _build(ReportJob.Kind.CENTRAL, centre)
    assert later.figures["comparison"]["missing"] == []


def test_the_workbook_holds_the_same_table(centre):
    job = _build(ReportJob.Kind.CENTRAL_XLSX, centre)
    assert job.filename == "so-lieu-cac-tinh-2025.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(job.file.read()))
    assert book.sheetnames == ["Năm 2025", "Năm 2024", "Chưa gửi số liệu"]
    rows = list(book["Năm 2025"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Kết quả thực hiện việc phân công")
    header = rows[1]
    cells = {r[0]: dict(zip(header, r, strict=False)) for r in rows[2:] if r[0]}
    assert (cells["01"]["Phiếu đã gửi"], cells["01"]["Phiếu phải nộp"]) == (709, 724)
    assert cells["01"]["Tỷ lệ phiếu đã gửi"] == pytest.approx(709 / 724)
    assert (cells["25"]["Việc đột phá hoàn thành"], cells["25"]["Việc đột phá được giao"]) == (
        7,
        10,
    )
    assert (cells["25"]["Bản số"], cells["25"]["Đơn vị gửi"]) == (3, "TỈNH ỦY PHÚ THỌ")
    total = dict(zip(header, rows[-1], strict=False))
    assert total["Tỉnh, thành phố"] == "Tổng cộng"
    assert (total["Phiếu đã gửi"], total["Phiếu phải nộp"]) == (859, 884)
    assert total["Tỷ lệ phiếu đã gửi"] == pytest.approx(859 / 884)
    before = list(book["Năm 2024"].iter_rows(values_only=True))
    header = before[1]
    merged = next(dict(zip(header, r, strict=False)) for r in before[2:] if r[0] == "25")
    assert (merged["Phiếu đã gửi"], merged["Phiếu phải nộp"]) == (481, 512)
    assert merged["Số liệu của các mã tỉnh"] == "17, 25, 26"
    missing = list(book["Chưa gửi số liệu"].iter_rows(min_row=2, values_only=True))
    assert missing == [(1, "15", "Lào Cai")]


def test_a_pdf_is_refused_while_the_set_up_cannot_head_or_sign_it(central, staff):
    organisation = Organisation.current()
    organisation.signer_name = ""
    organisation.save()
    with pytest.raises(ValidationError, match="người ký"):
        services.report_request(kind=ReportJob.Kind.CENTRAL, year=2025, user=staff)
    assert not ReportJob.objects.exists()
    # The workbook heads and signs nothing: it may be made meanwhile.
    job, _enqueued = services.report_request(
        kind=ReportJob.Kind.CENTRAL_XLSX, year=2025, user=staff
    )
    assert job.kind == "central_xlsx"
