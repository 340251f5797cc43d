"""The reports page in a browser, at a phone's width and a desk's: the cadre is found by typing
part of a name without diacritics, and a report being built turns into its download link by
itself when the file is ready."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reports.models import ReportJob
from reports.tasks import build_report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.reports.conftest import year_2026  # noqa: F401 - the 2026 round, every form in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_staff_pick_a_cadre_by_typing_and_the_building_line_becomes_the_download(
    page,
    year_2026,  # noqa: F811
    staff,
    width,
    height,  # noqa: F811
):
    page.set_viewport_size({"width": width, "height": height})
    waiting = ReportJob.objects.create(kind="summary", year=2026, requested_by=staff)
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/reports/?year=2026")
    expect(page.get_by_test_id("provisional")).to_contain_text("chưa kết thúc")
    status = page.get_by_test_id(f"job-{waiting.pk}")
    expect(status).to_contain_text("đang chờ")
    page.add_script_tag(url=f"{page.base_url}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
    assert page.evaluate(AXE) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, f"reports-{width}")

    # The worker finishes: the line polls, then shows the download and stops asking.
    build_report(waiting.pk)
    expect(page.get_by_test_id(f"download-{waiting.pk}")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("running")).not_to_contain_text("đang")

    # The searchable picker: "le thi" finds Lê Thị Lan.
    picker = page.get_by_placeholder("— Chọn cán bộ —")
    picker.click()
    picker.fill("le thi")
    page.locator(".ts-dropdown").get_by_role("option", name="Lê Thị Lan – Sở Nội vụ").click()
    page.get_by_test_id("generate-cadre").click()
    job = ReportJob.objects.get(kind="cadre")
    expect(page.get_by_test_id(f"download-{job.pk}")).to_be_visible()
    assert job.cadre.full_name == "Lê Thị Lan"
    shot(page, f"reports-after-{width}")
