# ruff: noqa: F811 (fixtures imported from tests.hamlets.test_rollup_figures)
"""The annual report's section per level (issue 17): the province level as before, the commune
level from the roll-up (activity.levels) kept in the snapshot, in the PDF and the workbook;
years before 2025 show the province level only."""

import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import render
from reports.figures import annual_summary
from tests.conftest import set_up_organisation
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.hamlets.test_rollup_figures import commune_c, rollup_world  # noqa: F401

pytestmark = pytest.mark.django_db

HEADING = "VIỆC THEO DÕI CẤP XÃ"


def _text(pdf):
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def figures(rollup_world):
    set_up_organisation()
    # Through JSON, as a report job keeps it: the file renders from the snapshot alone.
    return json.loads(json.dumps(annual_summary(2026)))


def test_the_pdf_has_a_commune_level_section_with_its_numbers(figures):
    text = _text(render.summary_pdf(figures))
    assert HEADING in text
    assert "5 thôn, tổ dân phố với 240 hộ" in text
    assert "4 thôn, tổ dân phố có cấp ủy viên, cán bộ xã được phân công theo dõi" in text
    assert "dự 12 buổi sinh hoạt chi bộ; 2 đồng chí chưa đạt mức tối thiểu 4 buổi/năm" in text
    for name in ("Phường Việt Trì", "Xã Tân Lạc", "Xã Yên Lập"):
        assert name in text
    assert "VII. KẾT LUẬN VÀ ĐỀ XUẤT" in text


def test_the_same_snapshot_gives_the_same_file(figures):
    assert render.summary_pdf(figures) == render.summary_pdf(json.loads(json.dumps(figures)))


def test_the_workbook_has_a_commune_level_sheet(figures):
    book = load_workbook(BytesIO(render.workbook(figures)))
    sheet = book["Theo dõi cấp xã"]
    rows = {r[2]: r for r in sheet.iter_rows(values_only=True) if r and r[1] == "07900"}
    row = rows["Phường Việt Trì"]
    assert row[3:5] == (4, 3)  # hamlets, followed
    assert row[6:8] == (200, 180)  # households, covered
    assert row[8:14] == (2, 2, 1, 1, 8, 1)
    assert row[14] == "Nguyễn Văn Hùng"


def test_an_old_year_shows_the_province_level_only(rollup_world):
    set_up_organisation()
    figures = json.loads(json.dumps(annual_summary(2024)))
    assert figures["commune_level"] is None
    assert HEADING not in _text(render.summary_pdf(figures))
    assert "Theo dõi cấp xã" not in load_workbook(BytesIO(render.workbook(figures))).sheetnames


def test_a_snapshot_made_before_the_levels_still_renders(figures):
    del figures["commune_level"]
    assert HEADING not in _text(render.summary_pdf(figures))
    assert "Theo dõi cấp xã" not in load_workbook(BytesIO(render.workbook(figures))).sheetnames
