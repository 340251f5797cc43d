"""A value no list knows, mapped by staff in the browser's preview: once for the whole file,
and remembered, so the next workbook holding it needs no mapping."""

import pytest
from playwright.sync_api import expect

from assignments.models import Agency
from core.models import ImportValueMapping
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.workbooks import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HEADERS = ("Tên cơ quan", "Loại", "Số lãnh đạo")


def _check(page, tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx(rows).getvalue())
    page.goto(f"{page.base_url}/registry/import/?kind=agencies")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_test_id("import-counts")).to_be_visible()


def test_staff_map_an_unknown_value_once_and_the_next_import_needs_no_mapping(
    page, staff, tmp_path
):
    login(page, "chuyenvien", PASSWORD)
    _check(
        page,
        tmp_path,
        "khoi.xlsx",
        [
            HEADERS,
            ("Hội Nông dân tỉnh", "Khối MTTQ", 2),
            ("Sở Nội vụ", "Sở ngành", 5),
            ("Tỉnh đoàn", "KHỐI MTTQ", 2),
        ],
    )
    unknown = page.get_by_test_id("unknown-value")
    expect(unknown).to_have_count(1)  # two rows, one value to say
    expect(unknown).to_contain_text("Khối MTTQ")
    expect(page.get_by_role("button", name="Xác nhận nhập dữ liệu")).to_have_count(0)
    unknown.get_by_role("combobox").select_option(label="Mặt trận, đoàn thể")
    shot(page, "import-unknown-value")
    page.get_by_test_id("map-values").click()

    expect(page.get_by_test_id("import-unknown")).to_have_count(0)
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    page.wait_for_url("**/registry/agencies/")
    assert dict(Agency.objects.values_list("name", "kind")) == {
        "Hội Nông dân tỉnh": Agency.Kind.FRONT,
        "Sở Nội vụ": Agency.Kind.DEPARTMENT,
        "Tỉnh đoàn": Agency.Kind.FRONT,
    }
    assert ImportValueMapping.objects.get().written == "Khối MTTQ"

    _check(page, tmp_path, "khoi-2.xlsx", [HEADERS, ("Hội Phụ nữ tỉnh", "khoi mttq", 2)])
    expect(page.get_by_test_id("import-unknown")).to_have_count(0)
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    page.wait_for_url("**/registry/agencies/")
    assert Agency.objects.get(name="Hội Phụ nữ tỉnh").kind == Agency.Kind.FRONT
