"""The summary PDF says what the data say, in Vietnamese, with its own fonts; the leaders'
page shows the same figures because both come from reports.figures."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.workbooks import rows_of

pytestmark = pytest.mark.django_db


def _pdf_text(path):
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_has_the_right_figures_and_the_dashboard_the_same(
    year_2026, tmp_path, client, leader
):
    call_command(
        "build_report",
        "--year",
        "2026",
        "--kind",
        "summary",
        "--out",
        str(tmp_path / "bc.pdf"),
        "--number",
        "127",
    )
    reader, text = _pdf_text(tmp_path / "bc.pdf")
    flat = re.sub(r"\s+", " ", text)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat and "Số 127-BC/BTCTU" in flat
    assert "BÁO CÁO" in flat
    assert "3/3 phiếu nhận xét phải nộp (đạt 100,0 %)" in flat
    assert "đã về cơ sở 13 lượt và dự 8 cuộc họp" in flat
    assert "Hoàn thành tốt nhiệm vụ 1 50,0 %" in flat
    assert "Có 0/2 đồng chí được tất cả các xã theo dõi đề nghị biểu dương" in flat
    assert "Lê Thị Lan" in flat and "Ít về cơ sở" in flat
    assert "Nơi nhận:" in flat and "PHỤ LỤC" in flat
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Only the project's own font (Liberation Serif, declared as "Doc Serif"), embedded as
    # subsets: no fallback font from the machine.
    assert fonts and all(f.split("+")[1].startswith("Doc-Serif") for f in fonts)
    client.force_login(leader)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    assert 'data-testid="fig-submitted">3/3<' in page
    assert 'data-testid="fig-visits">13<' in page
    assert 'data-testid="fig-commended">0/2<' in page


def test_the_workbook_has_a_sheet_per_table_and_every_forms_answers(year_2026, tmp_path):
    call_command("build_report", "--year", "2026", "--out-dir", str(tmp_path))
    book = load_workbook(tmp_path / "so-lieu-2026.xlsx")
    assert {
        "Tổng hợp",
        "Mức độ hoàn thành",
        "Đề nghị thay thế",
        "Theo cơ quan",
        "Danh sách cán bộ",
        "Phiếu nhận xét",
    } <= set(book.sheetnames)
    assert book["Phiếu nhận xét"].freeze_panes == "A2"
    assert (tmp_path / "bao-cao-tong-hop-2026.pdf").exists()

    content = (tmp_path / "so-lieu-2026.xlsx").read_bytes()
    caption, header, *lines = rows_of(content, "Tổng hợp")
    assert (caption[0], header) == (
        "Kết quả nhận xét cán bộ theo dõi cơ sở năm 2026",
        ("Chỉ tiêu", "Số liệu"),
    )
    figures = dict(lines)  # numbers as numbers, ratios as printed
    assert (figures["Năm"], figures["Phiếu phải nộp"], figures["Phiếu đã gửi"]) == (2026, 3, 3)
    assert figures["Tỷ lệ phiếu đã gửi"] == "100,0 %"
    assert figures["Tổng số lượt về cơ sở (xã ghi trong phiếu)"] == 13
    assert figures["Cán bộ bị đề nghị thay thế"] == 1
    assert rows_of(content, "Mức độ hoàn thành") == [
        ("Mức độ", "Số cán bộ", "Tỷ lệ"),
        ("Hoàn thành xuất sắc nhiệm vụ", 0, "0,0 %"),
        ("Hoàn thành tốt nhiệm vụ", 1, "50,0 %"),
        ("Hoàn thành nhiệm vụ", 1, "50,0 %"),
        ("Không hoàn thành nhiệm vụ", 0, "0,0 %"),
    ]
    assert rows_of(content, "Đề nghị thay thế") == [
        ("STT", "Họ và tên", "Chức vụ", "Cơ quan", "Lý do"),
        (1, "Lê Thị Lan", "Phó Giám đốc", "Sở Nội vụ", "Xã Tân Lạc: Ít về cơ sở"),
    ]
    header, *forms = rows_of(content, "Phiếu nhận xét")
    assert header[:8] == (
        "STT",
        "Mã xã",
        "Xã, phường",
        "Cán bộ",
        "Cơ quan",
        "Trạng thái",
        "Ngày gửi",
        "Muộn",
    )
    assert header[14:] == (
        "Số lượt về cơ sở",
        "Số cuộc họp",
        "Mức độ",
        "Biểu dương",
        "Thay thế",
        "Lý do thay thế",
        "Ưu điểm",
        "Hạn chế",
        "Kiến nghị",
        "Người ký",
    )
    assert [form[:6] for form in forms] == [
        (1, "07900", "Phường Việt Trì", "Nguyễn Văn Hùng", "Sở Nội vụ", "đã gửi"),
        (2, "04792", "Xã Tân Lạc", "Lê Thị Lan", "Sở Nội vụ", "đã gửi"),
        (3, "09001", "Xã Thứ Ba", "Nguyễn Văn Hùng", "Sở Nội vụ", "đã gửi"),
    ]
    lan = forms[1]
    assert lan[8] == "Nhận xét tiêu chí 1."  # the first criterion's comment
    assert lan[14:20] == (3, 2, "Hoàn thành tốt nhiệm vụ", None, "Có", "Ít về cơ sở")


def test_the_per_cadre_sheet(year_2026, tmp_path, hung):
    out = tmp_path / "hung.pdf"
    call_command(
        "build_report",
        "--year",
        "2026",
        "--kind",
        "cadre",
        "--cadre",
        str(hung.pk),
        "--out",
        str(out),
    )
    _reader, text = _pdf_text(out)
    flat = re.sub(r"\s+", " ", text)
    assert "Nguyễn Văn Hùng" in flat and "Kết quả chung: Hoàn thành nhiệm vụ" in flat
    assert "Phường Việt Trì" in flat and "Xã Thứ Ba" in flat


def test_the_command_refuses_a_format_the_kind_does_not_have(year_2026, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="chỉ xuất ra dạng pdf"):
        call_command(
            "build_report",
            "--year",
            "2026",
            "--kind",
            "summary",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "x"),
        )
