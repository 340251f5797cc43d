"""The annual report's section on breakthrough tasks (issue 18): its figures in the PDF and the
workbook, checked against numbers counted here from the tasks the test made; the per-cadre
sheet lists the cadre's tasks beside the communes' evaluation, and a cadre with a task and no
form gets a sheet of their own; the same snapshot gives the same file; a year without tasks has
no section."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from breakthroughs.models import Target, Task
from reports import render, services
from reports.figures import annual_summary
from tests.factories import AgencyFactory, CadreFactory
from tests.workbooks import rows_of

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 12, 20)
MET = {"excellent", "good", "completed"}
COUNTED = {"assigned", "changed"}  # assigned, or changed and awaiting a new approval

# (cadre, title, field, status, conclusion, [(value, direction, self value, focal value)])
TASKS = [
    (
        "hung",
        "Xóa bỏ lò gạch thủ công trên địa bàn tỉnh",
        "environment",
        "assigned",
        "good",
        [("98", "at_least", "90", "100"), ("5", "at_most", "7", None)],
    ),
    (
        "hung",
        "Số hóa hồ sơ đảng viên",
        "administration",
        "changed",
        "not_completed",
        [("10", "at_least", "4", None)],
    ),
    (
        "lan",
        "Xây dựng xã nông thôn mới kiểu mẫu",
        "agriculture",
        "assigned",
        "",
        [("3", "at_least", None, None)],
    ),
    (
        "binh",
        "Thu hút dự án đầu tư vào khu công nghiệp",
        "economy",
        "assigned",
        "completed",
        [("1500.5", "at_least", "1600", None)],
    ),
    # Not counted: a draft, a task awaiting review, a dropped one.
    ("hung", "Ý tưởng chưa gửi", "other", "draft", "", [("1", "at_least", None, None)]),
    (
        "lan",
        "Nhiệm vụ đang chờ xem xét",
        "economy",
        "registered",
        "",
        [("2", "at_least", None, None)],
    ),
    ("binh", "Nhiệm vụ đã dừng", "economy", "dropped", "", [("2", "at_least", "2", None)]),
]


def _reached(value, direction, self_value, focal_value):
    assessed = focal_value if focal_value is not None else self_value
    if assessed is None:
        return False
    if direction == "at_most":
        return Decimal(assessed) <= Decimal(value)
    return Decimal(assessed) >= Decimal(value)


def _expected():
    """The section's figures, counted from TASKS."""
    counted = [t for t in TASKS if t[3] in COUNTED]
    targets = [target for t in counted for target in t[5]]
    return {
        "cadres": len({t[0] for t in counted}),
        "tasks": len(counted),
        "concluded": sum(1 for t in counted if t[4]),
        "met": sum(1 for t in counted if t[4] in MET),
        "targets": len(targets),
        "reached": sum(1 for target in targets if _reached(*target)),
    }


def _ratio(numerator, denominator):
    percent = f"{Decimal(numerator * 100) / Decimal(denominator):.1f}".replace(".", ",")
    return f"{numerator}/{denominator} ({percent} %)"


@pytest.fixture
def binh():
    """A cadre with a task and no form (he follows no commune)."""
    return CadreFactory(
        full_name="Hoàng Văn Bình", position="Giám đốc", agency=AgencyFactory(name="Sở Tài chính")
    )


@pytest.fixture
def tasks(year_2026, hung, lan, binh, staff):
    cadres = {"hung": hung, "lan": lan, "binh": binh}
    for cadre, title, field, status, conclusion, targets in TASKS:
        assigned = status in COUNTED
        task = Task.objects.create(
            cadre=cadres[cadre],
            year=2026,
            title=title,
            field=field,
            rationale="Lý do",
            objectives="Mục tiêu",
            plan="Kế hoạch",
            start_date=date(2026, 1, 1),
            deadline=date(2026, 12, 31),
            status=status,
            approved_at=year_2026.opened_at if assigned else None,
            decision_number="12-QĐ/TU" if assigned else "",
            conclusion=conclusion,
            conclusion_note="Vượt chỉ tiêu đề ra" if conclusion == "good" else "",
            end_reason="Không còn phù hợp" if status == "dropped" else "",
        )
        for position, (value, direction, self_value, focal_value) in enumerate(targets):
            Target.objects.create(
                task=task,
                position=position,
                measure=f"Chỉ tiêu {position + 1} của {title[:20]}",
                unit="cơ sở",
                value=Decimal(value),
                direction=direction,
                self_value=Decimal(self_value) if self_value else None,
                focal_value=Decimal(focal_value) if focal_value else None,
            )
    # Through JSON, as a report job keeps it: the files render from the snapshot alone.
    return json.loads(json.dumps(annual_summary(2026)))


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_pdf_has_a_section_with_the_years_figures(tasks):
    e = _expected()
    text = _text(render.summary_pdf(tasks, document_number="127", issued_on=ISSUED))
    # 2026 has the commune level's section (VI): the tasks come next, then the closing.
    assert "VII. VIỆC ĐỘT PHÁ, ĐỔI MỚI" in text
    assert "VIII. KẾT LUẬN VÀ ĐỀ XUẤT" in text
    assert (
        f"có {e['cadres']} đồng chí thuộc diện Ban Thường vụ Tỉnh ủy quản lý được giao "
        f"{e['tasks']} việc đột phá, đổi mới"
    ) in text
    assert f"đã kết luận {_ratio(e['concluded'], e['tasks'])} nhiệm vụ" in text
    assert f"trên số nhiệm vụ đã kết luận: {_ratio(e['met'], e['concluded'])}" in text
    assert f"Số chỉ tiêu đạt trên tổng số chỉ tiêu: {_ratio(e['reached'], e['targets'])}" in text
    section = text.split("VIỆC ĐỘT PHÁ, ĐỔI MỚI")[1].split("KẾT LUẬN VÀ ĐỀ XUẤT")[0]
    # One task per level concluded: good, completed and not completed; none excellent.
    assert "Hoàn thành tốt nhiệm vụ 1 33,3 %" in section
    assert "Hoàn thành xuất sắc nhiệm vụ 0 0,0 %" in section
    assert "Sở Tài chính 1 1 1/1 (100,0 %)" in section
    assert "Sở Nội vụ 3 2 1/2 (50,0 %)" in section
    # By agency and by field, each with its totals row.
    total = f"Tổng cộng {e['tasks']} {e['concluded']} {_ratio(e['met'], e['concluded'])}"
    assert section.count(total) == 2


def test_the_workbook_has_the_figures_and_a_row_per_task(tasks):
    e = _expected()
    content = render.workbook(tasks)
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert names[-4:] == [
        "Đột phá - tổng hợp",
        "Đột phá - theo cơ quan",
        "Đột phá - theo lĩnh vực",
        "Việc đột phá, đổi mới",
    ]
    caption, header, *lines = rows_of(content, "Đột phá - tổng hợp")
    figures = {line[0]: line[1:] for line in lines}
    assert figures["Cán bộ được giao việc đột phá, đổi mới"] == (e["cadres"], None, None)
    assert figures["Nhiệm vụ được giao"] == (e["tasks"], None, None)
    assert figures["Nhiệm vụ hoàn thành / đã kết luận"] == (
        e["met"],
        e["concluded"],
        pytest.approx(e["met"] / e["concluded"]),
    )
    assert figures["Chỉ tiêu đạt / tổng số chỉ tiêu"] == (
        e["reached"],
        e["targets"],
        pytest.approx(e["reached"] / e["targets"]),
    )
    assert figures["Kết luận: Không hoàn thành nhiệm vụ"][:2] == (1, e["concluded"])

    assert rows_of(content, "Đột phá - theo cơ quan")[1:] == [
        ("Sở Nội vụ", 3, 2, 1, 0.5),
        ("Sở Tài chính", 1, 1, 1, 1),
        ("Tổng cộng", e["tasks"], e["concluded"], e["met"], pytest.approx(2 / 3)),
    ]

    header, *rows = rows_of(content, "Việc đột phá, đổi mới")
    assert header[:6] == ("STT", "Họ và tên", "Chức vụ", "Cơ quan", "Nhiệm vụ", "Lĩnh vực")
    assert len(rows) == e["tasks"]  # one row per task counted, not the draft nor the dropped
    kilns = next(row for row in rows if row[4] == "Xóa bỏ lò gạch thủ công trên địa bàn tỉnh")
    targets = kilns[6].split("\n")
    assert targets[0].endswith("tối thiểu 98 cơ sở; thực hiện 100 cơ sở (đạt)")
    assert targets[1].endswith("tối đa 5 cơ sở; thực hiện 7 cơ sở (không đạt)")
    assert kilns[7:11] == (1, 2, "Hoàn thành tốt nhiệm vụ", "Vượt chỉ tiêu đề ra")
    investment = next(row for row in rows if row[1] == "Hoàng Văn Bình")
    assert "tối thiểu 1.500,5 cơ sở; thực hiện 1.600 cơ sở (đạt)" in investment[6]


def test_the_cadre_sheet_lists_the_tasks_beside_the_communes_evaluation(tasks, hung):
    text = _text(render.cadre_pdf(services.cadre_figures(2026, hung), issued_on=ISSUED))
    assert "KẾT QUẢ NHẬN XÉT" in text and "Phiếu của" in text
    assert "Việc đột phá, đổi mới được giao (2 nhiệm vụ)" in text
    assert "Xóa bỏ lò gạch thủ công trên địa bàn tỉnh" in text
    assert (
        "Kết luận của Ban Thường vụ Tỉnh ủy: Hoàn thành tốt nhiệm vụ (Vượt chỉ tiêu đề ra)" in text
    )
    assert "Kết luận của Ban Thường vụ Tỉnh ủy: Không hoàn thành nhiệm vụ" in text
    assert "Ý tưởng chưa gửi" not in text  # a draft is not on the sheet


def test_a_cadre_with_a_task_and_no_form_gets_a_sheet(tasks, binh, staff):
    assert services.cadres_with_sheet(2026).filter(pk=binh.pk).exists()
    services.report_check_cadre(year=2026, cadre=binh)  # no "nothing to show"
    text = _text(render.cadre_pdf(services.cadre_figures(2026, binh), issued_on=ISSUED))
    assert "KẾT QUẢ THỰC HIỆN việc đột phá, đổi mới năm 2026" in text
    assert "Chưa có phiếu nhận xét" not in text
    assert "Thu hút dự án đầu tư vào khu công nghiệp" in text
    assert "Nhiệm vụ đã dừng" not in text
    assert "Kết luận của Ban Thường vụ Tỉnh ủy: Hoàn thành nhiệm vụ" in text


def test_the_same_snapshot_gives_the_same_files(tasks, hung):
    first = render.summary_pdf(tasks, document_number="127", issued_on=ISSUED)
    again = render.summary_pdf(
        json.loads(json.dumps(tasks)), document_number="127", issued_on=ISSUED
    )
    assert first == again
    sheet = json.loads(json.dumps(services.cadre_figures(2026, hung), default=str))
    assert render.cadre_pdf(sheet, issued_on=ISSUED) == render.cadre_pdf(
        json.loads(json.dumps(sheet)), issued_on=ISSUED
    )


def test_a_year_without_tasks_has_no_section(year_2026):
    figures = annual_summary(2026)
    assert figures["breakthroughs"] is None
    text = _text(render.summary_pdf(figures, issued_on=ISSUED))
    assert "ĐỘT PHÁ" not in text
    assert "VII. KẾT LUẬN VÀ ĐỀ XUẤT" in text
    assert not any(
        "Đột phá" in name for name in load_workbook(io.BytesIO(render.workbook(figures))).sheetnames
    )
