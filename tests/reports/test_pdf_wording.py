"""The summary says what the province has and what its figures call for: only the kinds of
commune the province has that year, a totals row under each table that adds up, a closing
conclusion and proposals before the signature, and "provisional" while the round is open. A
cadre on whom no commune has sent a form gets a message, not an empty sheet."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from assignments.models import Cadre, Commune
from core.formats import ddmmyyyy
from evaluations import services as evaluation_services
from reports import render
from reports.figures import annual_summary
from tests.factories import CommuneFactory
from tests.html import parse, table_rows

pytestmark = pytest.mark.django_db


def _summary_text(year=2026):
    return parse(render.summary_html(annual_summary(year))).text


def _pdf_text(path):
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _build(tmp_path, *args):
    out = tmp_path / "out.pdf"
    call_command("build_report", "--year", "2026", *args, "--out", str(out))
    return _pdf_text(out)


def test_it_names_only_the_kinds_of_commune_the_province_has(year_2026):
    # Phường Việt Trì, Xã Tân Lạc, Xã Thứ Ba: wards and communes, no special zone.
    text = _summary_text()
    assert "toàn tỉnh có 3 xã, phường; 2 đồng chí" in text
    assert "Đảng ủy các xã, phường đã gửi" in text
    assert "đặc khu" not in text


def test_a_province_with_a_special_zone_names_it_too(year_2026, province):
    CommuneFactory(province=province, name="Đặc khu Cô Tô", kind=Commune.Kind.SPECIAL_ZONE)
    text = _summary_text()
    assert "toàn tỉnh có 4 xã, phường, đặc khu;" in text
    assert "III. ĐỀ XUẤT CỦA ĐẢNG ỦY XÃ, PHƯỜNG, ĐẶC KHU" in text


def test_each_table_that_adds_up_ends_with_its_totals_row(year_2026):
    page = parse(render.summary_html(annual_summary(2026)))
    levels = page.find_all(tag="table", cls="data")[0]  # the first: completion levels
    agencies = page.one(tag="table", cls="agencies")
    assert table_rows(levels)[-1] == ["Tổng cộng", "2", "100,0 %"]
    # Sở Nội vụ: 2 cadres evaluated, 3/3 forms, one good and one completed, none commended.
    assert table_rows(agencies)[-1] == ["Tổng cộng", "2", "3/3", "0", "1", "1", "0", "0"]


def test_a_year_with_districts_totals_its_table_by_district(year_2026):
    # The figures of a year on the old map (until 30/6/2025), as reports.figures gives them.
    figures = annual_summary(2026) | {
        "has_districts": True,
        "by_district": [
            {"district": "Huyện Tân Sơn", "communes": 2, "expected": 3, "submitted": 2},
            {"district": "Thành phố Việt Trì", "communes": 1, "expected": 1, "submitted": 1},
        ],
    }
    page = parse(render.summary_html(figures))
    by_district = next(t for t in page.find_all(tag="table") if "Huyện, thành phố" in t.text)
    assert table_rows(by_district)[-1] == ["Tổng cộng", "3", "3/4", "75,0 %"]
    assert "VII. KẾT LUẬN VÀ ĐỀ XUẤT" in page.text


def test_the_pdf_closes_with_a_conclusion_and_proposals_before_the_signature(year_2026, tmp_path):
    text = _build(tmp_path, "--kind", "summary")
    closing = text.index("KẾT LUẬN VÀ ĐỀ XUẤT")
    assert closing < text.index("Nơi nhận:")
    tail = text[closing:]
    assert (
        "Năm 2026, Đảng ủy các xã, phường đã gửi 3/3 phiếu nhận xét phải nộp (đạt 100,0 %)." in tail
    )
    assert "Trong 2 đồng chí được nhận xét, đánh giá, có 1 đồng chí hoàn thành tốt" in tail
    # Lan is proposed for replacement; nobody for commendation: only what the figures call for.
    assert "Xem xét thay thế cán bộ theo dõi đối với 1 đồng chí" in tail
    assert "Biểu dương, khen thưởng" not in tail
    assert "Tổng cộng" in text


def test_a_report_on_an_open_round_says_its_figures_are_provisional(year_2026, tmp_path, hung):
    today = ddmmyyyy(timezone.localdate())
    line = f"Số liệu tạm tính đến ngày {today}: đợt đánh giá chưa kết thúc."
    assert line in _build(tmp_path, "--kind", "summary")
    assert line in _build(tmp_path, "--kind", "cadre", "--cadre", str(hung.pk))


def test_a_report_on_a_closed_round_is_not_provisional(year_2026, tmp_path, hung):
    evaluation_services.round_close(evaluation_round=year_2026)
    assert "tạm tính" not in _build(tmp_path, "--kind", "summary")
    assert "tạm tính" not in _build(tmp_path, "--kind", "cadre", "--cadre", str(hung.pk))


def test_build_report_refuses_a_cadre_sheet_with_nothing_to_show(year_2026, tmp_path):
    nobody = Cadre.objects.get(full_name="Không Được Giao")  # no commune sent a form on him
    with pytest.raises(CommandError, match="không có nội dung để lập phiếu kết quả cá nhân"):
        _build(tmp_path, "--kind", "cadre", "--cadre", str(nobody.pk))
    assert list(tmp_path.iterdir()) == []
