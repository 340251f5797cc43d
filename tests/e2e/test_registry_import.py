import pytest

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
    assert "Không phải số nguyên" in errors.inner_text()
    # a type no list knows is asked, not refused (tests/e2e/test_import_mapping.py maps one)
    assert "Bệnh viện" in page.get_by_test_id("unknown-value").inner_text()
    shot(page, "import-errors")
    assert Agency.objects.count() == 0

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    good = _file(
        tmp_path,
        "dung.xlsx",
        [HEADERS, ("Sở Nội vụ", "Sở, ban, ngành", 5), ("Sở Y tế", "Sở, ban, ngành", 4)],
    )
    page.set_input_files("#id_file", good)
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert "2" in page.get_by_test_id("import-counts").inner_text()
    shot(page, "import-preview")
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    page.wait_for_url("**/registry/agencies/")
    assert "2 dòng: 2 mới" in page.content()
    assert page.get_by_role("link", name="Sở Y tế").is_visible()
    assert Agency.objects.count() == 2
