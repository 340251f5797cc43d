import pytest
from playwright.sync_api import expect

from assignments.models import Agency
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.workbooks import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HEADERS = ("Tên cơ quan", "Loại", "Số lãnh đạo")


def _file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx(rows).getvalue())
    return str(path)


def test_staff_imports_agencies_through_preview_and_confirmation(page, staff, tmp_path):
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/registry/import/?kind=agencies")

    bad = _file(
        tmp_path,
        "sai.xlsx",
        [HEADERS, ("Sở Nội vụ", "Sở, ban, ngành", 5), ("Sở Y tế", "Bệnh viện", "năm")],
    )
    page.set_input_files("#id_file", bad)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Không phải số nguyên")
    # a type no list knows is asked, not refused (tests/e2e/test_import_mapping.py maps one)
    expect(page.get_by_test_id("unknown-value")).to_contain_text("Bệnh viện")
    shot(page, "import-errors")
    assert Agency.objects.count() == 0

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    expect(page).to_have_url(f"{page.base_url}/registry/import/?kind=agencies")
    good = _file(
        tmp_path,
        "dung.xlsx",
        [HEADERS, ("Sở Nội vụ", "Sở, ban, ngành", 5), ("Sở Y tế", "Sở, ban, ngành", 4)],
    )
    page.set_input_files("#id_file", good)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    # Each count under its label: 2 rows read, 2 new, none changed, unchanged, to map or wrong.
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator(".stat-label")).to_have_text(
        ["dòng đã đọc", "mới", "thay đổi", "không đổi", "giá trị cần chọn nghĩa", "lỗi"]
    )
    expect(counts.locator(".stat-value")).to_have_text(["2", "2", "0", "0", "0", "0"])
    shot(page, "import-preview")
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    page.wait_for_url("**/registry/agencies/")
    expect(page.get_by_role("alert").filter(has_text="2 dòng: 2 mới")).to_be_visible()
    expect(page.get_by_role("link", name="Sở Y tế")).to_be_visible()
    assert Agency.objects.count() == 2
