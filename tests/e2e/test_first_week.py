"""A province's first week, in a browser, from an empty database: staff set the installation
up, import the four workbooks a province writes (abbreviations, a type without diacritics, one
agency type the lists do not know, mapped in the preview), open the 2024 round on the map
before 1/7/2025, make the commune accounts of that round; a commune submits its form; a leader
downloads the annual report, headed and signed as set up."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from assignments.models import Agency, Assignment, Cadre, Commune
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import login, shot
from tests.workbooks import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROVINCE = "Hòa Bình"
COMMUNES = [
    ("Mã xã", "Tên xã", "Loại", "Huyện", "Tỉnh"),
    ("04792", "Xã Tân Lạc", "xa", "Huyện Tân Lạc", PROVINCE),
    ("04795", "Xã Mường Khến", "Xã", "Huyện Tân Lạc", PROVINCE),
    ("04780", "Thị trấn Mãn Đức", "TT", "Huyện Tân Lạc", PROVINCE),
    ("04552", "Phường Thịnh Lang", "Phuong", "Thành phố Hòa Bình", PROVINCE),
    ("04555", "Phường Tân Hòa", "phường", "Thành phố Hòa Bình", PROVINCE),
]
AGENCIES = [
    ("Tên cơ quan", "Loại", "Số lãnh đạo"),
    ("Sở Nội vụ", "Sở, ngành", 2),
    ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ", 1),
    ("Tỉnh đoàn", "mat tran doan the", 1),
    ("Công an tỉnh", "Khối Nội chính", 1),  # not in the list: mapped in the preview
]
CADRES = [
    ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính"),
    ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", "12/05/1970", "nam"),
    ("Bùi Thị Lan", "Phó Giám đốc", "Sở Nội vụ", "03/09/1975", "Nữ"),
    ("Đinh Công Sơn", "Phó Chủ tịch", "Ủy ban MTTQ Việt Nam tỉnh", "20/01/1968", "NAM"),
    ("Quách Thị Hoa", "Bí thư", "Tỉnh đoàn", "15/11/1985", "nu"),
    ("Hà Văn Tiến", "Phó Giám đốc", "Công an tỉnh", "01/02/1972", "Nam"),
]
ANNEX = [
    (
        "STT",
        "Mã xã",
        "Tên xã",
        "Huyện",
        "Tỉnh",
        "Họ và tên",
        "Chức vụ",
        "Cơ quan",
        "Số quyết định",
        "Ngày quyết định",
        "Từ ngày",
        "Lý do ngoại lệ",
    ),
    (1, "04792", "Xã Tân Lạc", "Huyện Tân Lạc", PROVINCE, "Nguyễn Văn Hùng", "Giám đốc",
     "Sở Nội vụ", "125-QĐ/TU", "20/12/2023", "01/01/2024", ""),
    (2, "04795", "Xã Mường Khến", "Huyện Tân Lạc", PROVINCE, "Bùi Thị Lan", "Phó Giám đốc",
     "Sở Nội vụ", "125-QĐ/TU", "20/12/2023", "01/01/2024", ""),
    (3, "04780", "Thị trấn Mãn Đức", "Huyện Tân Lạc", PROVINCE, "Đinh Công Sơn",
     "Phó Chủ tịch", "Ủy ban MTTQ Việt Nam tỉnh", "125-QĐ/TU", "20/12/2023", "01/01/2024", ""),
    (4, "04552", "Phường Thịnh Lang", "Thành phố Hòa Bình", PROVINCE, "Quách Thị Hoa",
     "Bí thư", "Tỉnh đoàn", "125-QĐ/TU", "20/12/2023", "01/01/2024", ""),
    (5, "04555", "Phường Tân Hòa", "Thành phố Hòa Bình", PROVINCE, "Nguyễn Văn Hùng",
     "Giám đốc", "Sở Nội vụ", "125-QĐ/TU", "20/12/2023", "01/01/2024",
     "Chờ bổ sung lãnh đạo Công an tỉnh"),
]  # fmt: skip
SIGNER = "Bùi Văn Khánh"


def _file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx(rows).getvalue())
    return str(path)


def _import(page, tmp_path, kind, rows, *, map_unknown=None):
    page.goto(f"{page.base_url}/registry/import/?kind={kind}")
    page.set_input_files("#id_file", _file(tmp_path, f"{kind}.xlsx", rows))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    if map_unknown:
        unknown = page.get_by_test_id("unknown-value")
        expect(unknown).to_have_count(1)
        expect(unknown).to_contain_text(map_unknown[0])
        shot(page, "first-week-map-unknown")
        unknown.locator("select").select_option(label=map_unknown[1])
        page.get_by_test_id("map-values").click()
        expect(page.get_by_test_id("unknown-value")).to_have_count(0)
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    expect(page.get_by_role("alert").filter(has_text="dòng:")).to_be_visible()


def test_a_province_sets_up_imports_runs_its_2024_round_and_prints_its_report(
    browser, live_server, tmp_path
):
    make_user("chuyenvien", Role.STAFF, full_name="Nguyễn Thị Thu Hà")
    make_user("lanhdao", Role.LEADER, full_name="Trần Quang Minh")

    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The first login goes to the set-up page.
    login(page, "chuyenvien", PASSWORD)
    expect(page).to_have_url(f"{page.base_url}/setup/")
    page.fill("#id_party_committee", "TỈNH ỦY HÒA BÌNH")
    page.fill("#id_place_name", PROVINCE)
    page.fill("#id_signer_on_behalf", "K/T TRƯỞNG BAN")
    page.fill("#id_signer_title", "PHÓ TRƯỞNG BAN")
    page.fill("#id_signer_name", SIGNER)
    shot(page, "first-week-setup")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page).to_have_url(f"{page.base_url}/")

    # 2. The four workbooks, as the province writes them.
    _import(page, tmp_path, "communes", COMMUNES)
    _import(page, tmp_path, "agencies", AGENCIES, map_unknown=("Khối Nội chính", "Sở, ban, ngành"))
    _import(page, tmp_path, "cadres", CADRES)
    _import(page, tmp_path, "assignments", ANNEX)
    assert Commune.objects.filter(valid_to__year=2025, district__isnull=False).count() == 5
    assert set(Commune.objects.values_list("kind", flat=True)) == {"xa", "phuong", "thi_tran"}
    assert Agency.objects.get(name="Công an tỉnh").kind == Agency.Kind.DEPARTMENT
    assert Agency.objects.get(name="Tỉnh đoàn").kind == Agency.Kind.FRONT
    assert set(Cadre.objects.values_list("gender", flat=True)) == {"male", "female"}
    assert Assignment.objects.count() == 5

    # 3. The 2024 round, on the map before 1/7/2025, opened today.
    page.goto(f"{page.base_url}/evaluations/rounds/new/")
    page.fill("#id_year", "2024")
    page.fill("#id_opens_on", "01/12/2026")
    page.fill("#id_deadline", "31/12/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/evaluations/rounds/2024/"))
    page.get_by_test_id("open-round").click()
    expect(page.get_by_test_id("submitted-ratio")).to_have_text("0/5")

    # 4. The accounts of the round's communes: the sheet downloads at once.
    page.goto(f"{page.base_url}/evaluations/accounts/?round=2024")
    expect(page.get_by_test_id("accounts-scope")).to_contain_text("2024")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Tạo tài khoản còn thiếu")).click()
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = [[str(v or "") for v in row] for row in sheet.iter_rows(values_only=True)]
    [tan_lac] = [row for row in rows if "Xã Tân Lạc" in row]
    username = next(v for v in tan_lac if v.startswith("xa04792"))
    password = tan_lac[tan_lac.index(username) + 1]
    context.close()

    # 5. Xã Tân Lạc chooses its password and sends its form.
    commune_ctx = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    commune = commune_ctx.new_page()
    commune.set_default_timeout(30_000)
    commune.base_url = live_server.url
    commune.on("dialog", lambda dialog: dialog.accept())
    login(commune, username, password)
    expect(commune).to_have_url(f"{commune.base_url}/accounts/password/")
    commune.fill("#id_old_password", password)
    commune.fill("#id_new_password1", "Dang-uy-Tan-Lac-2024")
    commune.fill("#id_new_password2", "Dang-uy-Tan-Lac-2024")
    commune.get_by_role("button", name="Đổi mật khẩu").click()
    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_role("link", name="Điền phiếu").first.click()
    for textarea in commune.locator("textarea[id$='_comment']").all():
        textarea.fill("Đồng chí thường xuyên về cơ sở, nắm chắc tình hình địa phương.")
    commune.fill("#id_visits", "6")
    commune.fill("#id_meetings", "4")
    commune.check("input[name=level][value=excellent]")
    commune.check("input[name=propose_commendation][value=yes]")
    commune.check("input[name=propose_replacement][value=no]")
    commune.fill("#id_signer_name", "Đinh Văn Tuấn")
    commune.get_by_role("button", name="Xem lại và gửi").click()
    commune.get_by_role("button", name="Gửi phiếu").click()  # on the confirmation step
    expect(commune.get_by_role("alert").filter(has_text="Đã gửi phiếu")).to_be_visible()
    commune_ctx.close()

    # 6. A leader downloads the 2024 report: the header and signature set up on day one.
    leader_ctx = browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    leader = leader_ctx.new_page()
    leader.set_default_timeout(60_000)
    leader.base_url = live_server.url
    login(leader, "lanhdao", PASSWORD)
    leader.goto(f"{leader.base_url}/reports/?year=2024")
    expect(leader.get_by_test_id("setup-missing")).to_have_count(0)
    leader.get_by_test_id("generate-summary").click()
    link = leader.locator("[data-testid^='download-']").first
    expect(link).to_be_visible()
    with leader.expect_download() as download:
        link.click()
    shot(leader, "first-week-report")
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    leader_ctx.close()
    assert "TỈNH ỦY HÒA BÌNH" in text and "BAN TỔ CHỨC" in text
    assert "Hòa Bình, ngày" in text
    assert "K/T TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text and SIGNER in text
    assert "đã gửi 1/5 phiếu nhận xét phải nộp" in text  # one form of the five expected
