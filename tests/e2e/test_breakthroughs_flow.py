"""Breakthrough tasks end to end (issue 18, Quy định 30-QĐ/TU): a cadre registers two tasks,
each with a target; staff return one with a comment on a field, and the cadre amends it and
registers it again; staff name the focal point; a leader approves both; the cadre reports
progress; at year end the cadre and the focal point assess and the leader concludes; the annual
PDF's section and the cadre's sheet, requested on the reports page, show the result.

The year is this year (the live server runs in real time): every date typed is within it and
never in the future."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = date.today().year
KILNS = "Xóa bỏ lò gạch thủ công trên địa bàn phường"
ONLINE = "Nộp hồ sơ thủ tục hành chính hoàn toàn trực tuyến"
RETURN_NOTE = "Mục tiêu cần nêu rõ kết quả đến cuối năm."
CONCLUSION = "Vượt chỉ tiêu, cách làm được nhân rộng"


@pytest.fixture
def this_years_round(assignments, staff):
    """The year's evaluation round, open: the reports page offers the years of opened rounds."""
    from evaluations import services

    evaluation_round = services.round_create(
        year=YEAR, opens_on=date.today(), deadline=date(2099, 12, 15), user=staff
    )
    return services.round_open(evaluation_round=evaluation_round, user=staff)


def _pdf_text(page, url):
    response = page.request.get(url)
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/pdf")
    reader = PdfReader(io.BytesIO(response.body()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def _new_task(page, title, field, objectives, target):
    measure, unit, value = target
    page.goto(f"{page.base_url}/breakthroughs/mine/")
    page.get_by_test_id("new-task").click()
    page.fill("#id_title", title)
    page.select_option("#id_field", field)
    page.fill("#id_rationale", "Điểm nghẽn kéo dài nhiều năm, người dân nhiều lần kiến nghị.")
    page.fill("#id_objectives", objectives)
    page.fill("#id_plan", "Lập kế hoạch chi tiết, phân công từng phần việc, kiểm tra hằng tháng.")
    page.fill("#id_start_date", f"01/01/{YEAR}")
    page.fill("#id_deadline", f"31/12/{YEAR}")
    page.fill("#id_targets-0-measure", measure)
    page.fill("#id_targets-0-unit", unit)
    page.fill("#id_targets-0-value", value)
    page.get_by_test_id("save-task").click()
    expect(page.get_by_test_id("task-title")).to_have_text(title)
    page.get_by_test_id("register-task").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Đã đăng ký, chờ xem xét")


def _step(page, key):
    """The step's card on the task page (comment, return, approve, conclude, …)."""
    return page.get_by_test_id(f"step-{key}")


def test_a_cadre_s_tasks_from_registration_to_the_annual_report(
    browser, live_server, assignments, hung, staff, leader, this_years_round
):
    from breakthroughs.models import Task
    from reports.models import ReportJob
    from tests.conftest import make_user

    make_user("canbo", "cadre", full_name=hung.full_name, cadre=hung)
    contexts = []

    def session(username):
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.base_url = live_server.url
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.console_errors = errors
        login(page, username, PASSWORD)
        return page

    # The cadre drafts and registers two tasks, each with a target.
    cadre = session("canbo")
    _new_task(
        cadre,
        KILNS,
        "environment",
        "Chấm dứt sản xuất gạch bằng lò thủ công.",
        ("Lò gạch thủ công được xóa bỏ", "lò", "98"),
    )
    _new_task(
        cadre,
        ONLINE,
        "administration",
        "Người dân nộp hồ sơ không phải đến trụ sở.",
        ("Thủ tục hành chính nộp trực tuyến", "%", "100"),
    )
    kilns, online = Task.objects.get(title=KILNS), Task.objects.get(title=ONLINE)
    assert {kilns.status, online.status} == {Task.Status.REGISTERED}
    shot(cadre, "breakthroughs-registered")

    # Staff return the second with a comment on its objectives.
    office = session("chuyenvien")
    office.goto(f"{office.base_url}/breakthroughs/{online.pk}/")
    returning = _step(office, "return")
    returning.get_by_label("Nội dung gửi đồng chí cán bộ").fill("Đề nghị hoàn thiện mục tiêu.")
    returning.locator("#id_on_objectives").fill(RETURN_NOTE)
    returning.get_by_role("button", name="Trả lại cán bộ").click()
    expect(office.get_by_test_id("task-status")).to_have_text("Trả lại để chỉnh sửa")
    expect(office.get_by_test_id("comments")).to_contain_text(RETURN_NOTE)

    # The cadre reads the comment beside the field, amends and registers again.
    cadre.goto(f"{cadre.base_url}/breakthroughs/{online.pk}/")
    cadre.get_by_test_id("edit-task").click()
    expect(cadre.get_by_test_id("field-note")).to_contain_text(RETURN_NOTE)
    cadre.fill("#id_objectives", "Đến 31/12, 100% thủ tục hành chính được nộp trực tuyến.")
    cadre.get_by_test_id("save-task").click()
    expect(cadre.get_by_test_id("task-title")).to_have_text(ONLINE)
    cadre.get_by_test_id("register-task").click()
    expect(cadre.get_by_test_id("task-status")).to_have_text("Đã đăng ký, chờ xem xét")
    expect(cadre.get_by_test_id("versions")).to_contain_text("100% thủ tục hành chính")

    # Staff name themselves the focal point of both (an adjustment, kept as a version).
    for task in (kilns, online):
        office.goto(f"{office.base_url}/breakthroughs/{task.pk}/edit/")
        office.evaluate(
            """([id, value]) => {
                const select = document.getElementById(id);
                if (select.tomselect) select.tomselect.setValue(value);
                else select.value = value;
            }""",
            ["id_focal_point", str(staff.pk)],
        )
        office.get_by_test_id("save-task").click()
        expect(office.get_by_test_id("task-text")).to_contain_text(staff.full_name)

    # A leader approves both, with the assigning decision.
    chief = session("lanhdao")
    for task in (kilns, online):
        chief.goto(f"{chief.base_url}/breakthroughs/{task.pk}/")
        approving = _step(chief, "approve")
        approving.get_by_label("Số quyết định giao").fill("25-QĐ/TU")
        approving.get_by_role("button", name="Phê duyệt, giao nhiệm vụ").click()
        expect(chief.get_by_test_id("task-status")).to_have_text("Đã giao")
    shot(chief, "breakthroughs-assigned")

    # The cadre reports progress on the first.
    kilns.refresh_from_db()
    kiln_target = kilns.targets.get()
    cadre.goto(f"{cadre.base_url}/breakthroughs/{kilns.pk}/")
    cadre.get_by_test_id("report-progress").click()
    form = cadre.get_by_test_id("progress-form")
    form.locator(f"#id_value_{kiln_target.pk}").fill("60")
    form.locator("#id_text").fill("Đã xóa bỏ 60 lò, đang vận động các hộ còn lại.")
    form.get_by_role("button", name="Gửi").click()
    expect(cadre.get_by_test_id("progress")).to_contain_text("Đã xóa bỏ 60 lò")
    shot(cadre, "breakthroughs-progress")

    # Year end: the cadre's self-assessment, the focal point's, the leader's conclusion.
    cadre.get_by_test_id("self-assess").click()
    form = cadre.get_by_test_id("self-assessment-form")
    form.locator(f"#id_value_{kiln_target.pk}").fill("98")
    form.locator("#id_text").fill("Hoàn thành chỉ tiêu xóa bỏ lò gạch thủ công.")
    form.get_by_role("button", name="Gửi").click()
    expect(cadre.get_by_test_id("year-end")).to_contain_text("Hoàn thành chỉ tiêu")
    for task, reached in ((kilns, "101"), (online, "100")):
        office.goto(f"{office.base_url}/breakthroughs/{task.pk}/")
        office.get_by_test_id("focal-assess").click()
        form = office.get_by_test_id("focal-assessment-form")
        form.locator(f"#id_value_{task.targets.get().pk}").fill(reached)
        form.locator("#id_text").fill("Số liệu đã được kiểm tra thực tế.")
        form.get_by_role("button", name="Gửi").click()
        expect(office.get_by_test_id("targets")).to_contain_text("đạt")
    for task, level, note in ((kilns, "good", CONCLUSION), (online, "completed", "")):
        chief.goto(f"{chief.base_url}/breakthroughs/{task.pk}/")
        concluding = _step(chief, "conclude")
        concluding.locator(f'input[name="level"][value="{level}"]').check()
        concluding.locator("#id_note").fill(note)
        concluding.get_by_role("button", name="Ghi kết luận").click()
        expect(chief.get_by_test_id("conclusion")).to_contain_text("Hoàn thành")
    expect(chief.get_by_test_id("conclusion")).to_have_text("Hoàn thành nhiệm vụ")
    shot(chief, "breakthroughs-concluded")

    # The annual report: its section counts 1 cadre, 2 tasks, both concluded and met.
    chief.goto(f"{chief.base_url}/reports/?year={YEAR}")
    chief.get_by_test_id("generate-summary").click()
    summary = ReportJob.objects.get(kind=ReportJob.Kind.SUMMARY, year=YEAR)
    expect(chief.get_by_test_id(f"download-{summary.pk}")).to_be_visible()
    text = _pdf_text(chief, f"{chief.base_url}/reports/jobs/{summary.pk}/download/")
    section = text.split("VIỆC ĐỘT PHÁ, ĐỔI MỚI")[1]
    assert (
        "có 1 đồng chí thuộc diện Ban Thường vụ Tỉnh ủy quản lý được giao 2 việc đột phá, đổi mới"
        in section
    )
    assert "đã kết luận 2/2 (100,0 %) nhiệm vụ" in section
    # (a page may break inside the sentence: its number then stands in the text)
    assert re.search(r"trên số (\d+ )?nhiệm vụ đã kết luận: 2/2 \(100,0 %\)", section)
    assert "Số chỉ tiêu đạt trên tổng số chỉ tiêu: 2/2 (100,0 %)" in section
    assert "Hoàn thành tốt nhiệm vụ 1 50,0 %" in section
    assert "Hoàn thành nhiệm vụ 1 50,0 %" in section

    # The cadre's sheet lists both tasks with their conclusions.
    chief.evaluate(
        """([id, value]) => {
            const select = document.getElementById(id);
            if (select.tomselect) select.tomselect.setValue(value);
            else select.value = value;
        }""",
        ["cadre", str(hung.pk)],
    )
    chief.get_by_test_id("generate-cadre").click()
    sheet = ReportJob.objects.get(kind=ReportJob.Kind.CADRE, year=YEAR)
    expect(chief.get_by_test_id(f"download-{sheet.pk}")).to_be_visible()
    shot(chief, "breakthroughs-reports")
    text = _pdf_text(chief, f"{chief.base_url}/reports/jobs/{sheet.pk}/download/")
    assert "Việc đột phá, đổi mới được giao (2 nhiệm vụ)" in text
    assert KILNS in text and ONLINE in text
    assert f"Kết luận của Ban Thường vụ Tỉnh ủy: Hoàn thành tốt nhiệm vụ ({CONCLUSION})" in text
    assert "Kết luận của Ban Thường vụ Tỉnh ủy: Hoàn thành nhiệm vụ." in text
    assert "quyết định giao số 25-QĐ/TU" in text

    for page in (cadre, office, chief):
        assert page.console_errors == [], page.console_errors
    for context in contexts:
        context.close()
