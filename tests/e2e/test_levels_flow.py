"""Following at every level, end to end (issue 17): a commune account imports its hamlets and
members, assigns a member to a hamlet, logs that member's cell meeting and confirms the
provincial cadre's; staff see the commune's coverage change on the province's roll-up."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.workbooks import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HAMLETS = [
    ("Mã thôn", "Tên thôn", "Loại", "Số hộ", "Số tổ tự quản", "Chi bộ"),
    ("01", "Thôn Đồng Tâm", "thôn", 212, 4, "Chi bộ thôn Đồng Tâm"),
    ("02", "Tổ dân phố 3", "TDP", 180, 3, "Chi bộ Tổ dân phố 3"),
    ("03", "Bản Na", "bản", 95, 2, "Chi bộ bản Na"),
]
MEMBERS = [
    ("Họ và tên", "Ngày sinh", "Chức vụ", "Chức danh"),
    ("Hà Thị Mai", "12/03/1978", "Phó Bí thư", "Chủ tịch UBND phường"),
    ("Lò Văn Sơn", "02/09/1985", "Ủy viên Ban Thường vụ", ""),
]


@pytest.fixture
def activity_year(db):
    from datetime import date

    from activity.models import ActivityYear

    return ActivityYear.objects.create(
        year=date.today().year,
        plan_deadline=date(2099, 1, 31),
        half_year_deadline=date(2099, 7, 10),
        annual_deadline=date(2099, 12, 10),
    )


def _rollup_row(page, commune):
    page.goto(f"{page.base_url}/levels/rollup/?q={commune.name}")
    return page.get_by_test_id("rollup").locator(f'tr[data-commune="{commune.pk}"]')


def _import(page, tmp_path, kind, rows):
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(xlsx(rows).getvalue())
    page.goto(f"{page.base_url}/levels/import/?kind={kind}")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    counts = page.get_by_test_id("import-counts")
    expect(counts).to_be_visible()
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_role("alert").first).to_be_visible()


def test_a_commune_follows_its_hamlets_and_the_province_sees_it(
    browser,
    live_server,
    assignments,
    hung,
    commune_a,
    commune_a_user,
    staff,
    activity_year,
    tmp_path,
):
    from activity.models import Visit
    from hamlets.models import CommuneMember, Hamlet, HamletAssignment
    from tests.conftest import make_user

    make_user("canbo", "cadre", full_name=hung.full_name, cadre=hung)
    contexts = []

    def session(username, width=1280):
        context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.base_url = live_server.url
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.console_errors = errors
        login(page, username, PASSWORD)
        return page

    # Staff look first: the commune has no hamlet yet.
    office = session("chuyenvien")
    row = _rollup_row(office, commune_a)
    expect(row).to_contain_text("0 / 0")

    # The commune loads its hamlets and members from the template's workbooks (on a phone).
    commune = session("xa07900", width=390)
    commune.goto(f"{commune.base_url}/levels/")
    commune.get_by_test_id("hamlet-import").click()
    expect(commune).to_have_url(re.compile(r"/levels/import/\?kind=hamlets"))
    _import(commune, tmp_path, "hamlets", HAMLETS)
    _import(commune, tmp_path, "commune_members", MEMBERS)
    assert Hamlet.objects.filter(commune=commune_a).count() == 3
    assert CommuneMember.objects.filter(commune=commune_a).count() == 2
    shot(commune, "levels-import-done")

    # It assigns Hà Thị Mai to Thôn Đồng Tâm from the hamlet's row.
    commune.goto(f"{commune.base_url}/levels/")
    hamlet = Hamlet.objects.get(commune=commune_a, code="01")
    commune.locator(f'tr[data-hamlet="{hamlet.pk}"]').get_by_role("link", name="Phân công").click()
    member = CommuneMember.objects.get(full_name="Hà Thị Mai")
    commune.evaluate(
        """([id, value]) => {
            const select = document.getElementById(id);
            if (select.tomselect) select.tomselect.setValue(value);
            else select.value = value;
        }""",
        ["id_member", str(member.pk)],
    )
    commune.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    commune.get_by_label("Ngày quyết định").fill("01/08/2025")
    commune.get_by_label("Theo dõi từ ngày").fill("01/08/2025")
    commune.get_by_role("button", name="Phân công").click()
    followed = commune.locator(f'tr[data-hamlet="{hamlet.pk}"]').get_by_test_id("follower")
    expect(followed).to_contain_text("Hà Thị Mai")
    assert HamletAssignment.objects.get(hamlet=hamlet).member == member
    expect(commune.get_by_test_id("followed-ratio")).to_contain_text("1/3")
    shot(commune, "levels-overview-phone")

    # The member's cell meeting, logged by the commune: confirmed as it is logged.
    commune.goto(f"{commune.base_url}/activity/cell-meetings/new/")
    commune.select_option("#id_member", str(member.pk))
    commune.select_option("#id_cell", str(hamlet.cell_id))
    commune.fill("#id_content", "Sinh hoạt chi bộ định kỳ tháng")
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.get_by_test_id("cell-meetings")).to_contain_text("Hà Thị Mai")
    meeting = Visit.objects.get(member=member)
    assert (meeting.cell_id, meeting.status) == (hamlet.cell_id, Visit.Status.CONFIRMED)

    # The provincial cadre logs his own attendance at that cell; the commune confirms it.
    cadre = session("canbo")
    cadre.fill("#id_visit-content", "Dự sinh hoạt chi bộ thôn Đồng Tâm")
    cadre.select_option("#id_visit-kind", "cell")
    cadre.select_option("#id_visit-cell", str(hamlet.cell_id))
    cadre.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(cadre.get_by_test_id("visits")).to_contain_text("chờ xã xác nhận")
    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_test_id("pending-visits").get_by_role(
        "button", name="Xác nhận", exact=True
    ).click()
    expect(commune.get_by_role("alert").filter(has_text="Cảm ơn đồng chí")).to_be_visible()
    visit = Visit.objects.get(cadre=hung, kind="cell")
    assert (visit.cell_id, visit.status) == (hamlet.cell_id, Visit.Status.CONFIRMED)

    # Staff see the change on the province's roll-up, and in the commune's drill-down.
    row = _rollup_row(office, commune_a)
    expect(row.locator('[data-label="Thôn, tổ dân phố có người theo dõi"]')).to_have_text("1 / 3")
    expect(row.locator('[data-label="Chưa có người theo dõi"]')).to_have_text("2")
    expect(row.locator('[data-label="Cấp ủy viên, cán bộ được phân công"]')).to_have_text("1 / 2")
    expect(row.locator('[data-label="Số buổi sinh hoạt chi bộ"]')).to_have_text("1")
    expect(row).to_contain_text(f"{hung.full_name} (1/1)")
    shot(office, "levels-rollup")
    row.get_by_role("link", name=commune_a.name).click()
    expect(office.get_by_role("heading", level=1)).to_be_visible()
    expect(office.locator("body")).to_contain_text("Hà Thị Mai")
    shot(office, "levels-rollup-commune")
    for page in (office, commune, cadre):
        assert page.console_errors == [], page.console_errors
    for context in contexts:
        context.close()
