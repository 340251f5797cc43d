"""The summary PDF says what the data say, in Vietnamese, with its own fonts; the leaders'
page shows the same figures because both come from reports.figures."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

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
    assert "Đảng ủy phường Việt Trì" in flat and "Đảng ủy xã Thứ Ba" in flat


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
