"""A cadre submits the plan and logs a visit; the commune confirms it; staff see it counted."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(db):
    from datetime import date

    from activity.models import ActivityYear

    return ActivityYear.objects.create(
        year=date.today().year,
        plan_deadline=date(2099, 1, 31),
        half_year_deadline=date(2099, 7, 10),
        annual_deadline=date(2099, 12, 10),
    )


def test_plan_visit_confirmation_and_totals(
    browser, live_server, assignments, setting, hung, commune_a_user, staff
):
    from tests.conftest import make_user

    make_user("canbo", "cadre", full_name=hung.full_name, cadre=hung)
    contexts = []

    def session(username):
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.base_url = live_server.url
        login(page, username, PASSWORD)
        return page

    cadre = session("canbo")
    expect(cadre).to_have_url(re.compile(r"/activity/"))
    cadre.fill("#id_plan-text", "Chương trình theo dõi Phường Việt Trì năm nay.")
    cadre.get_by_role("button", name="Nộp kế hoạch").click()
    expect(cadre.get_by_test_id("plan-status")).to_be_visible()  # the page after the submit
    cadre.fill("#id_visit-content", "Dự hội nghị Ban Chấp hành Đảng bộ phường")
    cadre.select_option("#id_visit-kind", "committee")
    cadre.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(cadre.get_by_test_id("visits")).to_contain_text("chờ xã xác nhận")
    shot(cadre, "activity-cadre")

    commune = session("xa07900")
    pending = commune.get_by_test_id("pending-visits")
    pending.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(commune.get_by_role("alert").filter(has_text="Cảm ơn đồng chí")).to_be_visible()

    office = session("chuyenvien")
    office.goto(f"{office.base_url}/activity/overview/")
    expect(office.get_by_test_id("total-visits")).to_have_text("1")
    expect(office.get_by_test_id("total-confirmed")).to_have_text("1")
    expect(office.get_by_test_id("by-cadre")).to_contain_text("Nguyễn Văn Hùng")
    shot(office, "activity-overview")
    for context in contexts:
        context.close()
