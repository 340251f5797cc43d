from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse

from assignments.imports import CommuneImport
from assignments.models import OLD_MAP_LAST_DAY, Agency, Cadre, Commune, District, Province
from core.imports import run_import
from tests.html import parse, table_rows
from tests.workbooks import downloaded_rows

COMMUNE_HEADERS = (
    "Mã xã",
    "Tên xã",
    "Loại",
    "Huyện",
    "Tỉnh",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Bí thư",
    "Điện thoại",
    "Email",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa_binh_spellings(province):
    old = Province.objects.create(name="Hoà Bình", valid_to=OLD_MAP_LAST_DAY)
    district = District.objects.create(province=old, name="Thành phố Hòa Bình")
    Commune.objects.create(
        province=old,
        district=district,
        code="04789",
        name="Phường Thái Bình",
        valid_to=OLD_MAP_LAST_DAY,
    )
    Commune.objects.create(
        province=province,
        code="04795",
        name="Phường Hòa Bình",
        kind="phuong",
        valid_from=date(2025, 7, 1),
    )
    Commune.objects.create(
        province=province, code="04798", name="Xã Hoà Bình Mới", valid_from=date(2025, 7, 1)
    )
    Commune.objects.create(
        province=province, code="04801", name="Xã Thanh Hóa", valid_from=date(2025, 7, 1)
    )


@pytest.mark.parametrize("query", ["hoa binh", "Hoà Bình", "Hòa Bình", "HOA BÌNH"])
def test_search_ignores_case_diacritics_and_tone_placement(
    client, staff, hoa_binh_spellings, query
):
    client.force_login(staff)
    page = client.get(reverse("registry:commune_list"), {"q": query}).content.decode()
    assert "Phường Hòa Bình" in page and "Xã Hoà Bình Mới" in page
    assert "Xã Thanh Hóa" not in page


def test_the_list_shows_the_current_map_unless_asked_for_the_old_one(
    client, staff, hoa_binh_spellings
):
    client.force_login(staff)
    current = client.get(reverse("registry:commune_list")).content.decode()
    assert "Phường Thái Bình" not in current
    old = client.get(reverse("registry:commune_list"), {"map": "old", "q": "hoa binh"})
    page = old.content.decode()
    assert "Phường Thái Bình" in page  # found through its district's name
    assert "Phường Hòa Bình" not in page


def test_the_list_sorts_and_pages(client, staff, province):
    for number in range(60):
        Commune.objects.create(
            province=province,
            code=f"{10000 + number:05d}",
            name=f"Xã Thử {number:02d}",
            valid_from=date(2025, 7, 1),
        )
    client.force_login(staff)

    def codes(page):
        """The Code column of the list's table, top to bottom."""
        response = client.get(reverse("registry:commune_list"), {"sort": "-code", "page": page})
        header, *rows = table_rows(parse(response.content).one(tag="table"))
        assert header[0] == "Mã"
        return [row[0] for row in rows]

    first, second = codes(1), codes(2)
    assert first[0] == "10059" and first == sorted(first, reverse=True)
    assert second[-1] == "10000" and second == sorted(second, reverse=True)
    assert first + second == [f"{code:05d}" for code in range(10059, 9999, -1)]  # all, once


def test_the_exported_commune_list_imports_back_unchanged(client, staff, hoa_binh_spellings):
    client.force_login(staff)
    response = client.get(reverse("registry:commune_list"), {"format": "xlsx", "map": "all"})
    header, *rows = downloaded_rows(response)
    assert header == COMMUNE_HEADERS
    by_code = {row[0]: row for row in rows}
    assert set(by_code) == {"04789", "04795", "04798", "04801"}  # codes as text, zeros kept
    assert by_code["04789"] == (
        "04789",
        "Phường Thái Bình",
        "xã",
        "Thành phố Hòa Bình",
        "Hoà Bình",
        None,
        datetime(2025, 6, 30),
        None,
        None,
        None,
    )
    assert by_code["04795"][:7] == (
        "04795",
        "Phường Hòa Bình",
        "phường",
        None,
        "Phú Thọ",
        datetime(2025, 7, 1),
        None,
    )
    current = client.get(reverse("registry:commune_list"), {"format": "xlsx"}).content
    result = run_import(CommuneImport(), BytesIO(current))
    assert (result.new, result.changed, result.unchanged) == (0, 0, 3)


def test_agency_and_cadre_lists_export_what_the_registry_holds(client, leader):
    agency = Agency.objects.create(name="Sở Nội vụ", kind="so_ban_nganh", leader_quota=2)
    Cadre.objects.create(
        full_name="Nguyễn Văn Hùng",
        position="Giám đốc",
        agency=agency,
        date_of_birth=date(1968, 3, 5),
        gender="male",
    )
    client.force_login(leader)
    agencies = downloaded_rows(client.get(reverse("registry:agency_list"), {"format": "xlsx"}))
    assert agencies == [
        ("Tên cơ quan", "Loại", "Số lãnh đạo", "Cán bộ đang công tác"),
        ("Sở Nội vụ", "Sở, ban, ngành", 2, 1),
    ]
    cadres = downloaded_rows(client.get(reverse("registry:cadre_list"), {"format": "xlsx"}))
    assert cadres == [
        (
            "Họ và tên",
            "Chức vụ",
            "Cơ quan",
            "Mã xã",
            "Ngày sinh",
            "Giới tính",
            "Điện thoại",
            "Email",
            "Diện BTV quản lý",
            "Tình trạng",
            "Dự kiến nghỉ hưu",
        ),
        # A man born 5/3/1968 reaches 62 in 03/2030 and retires at the end of that month.
        (
            "Nguyễn Văn Hùng",
            "Giám đốc",
            "Sở Nội vụ",
            None,
            datetime(1968, 3, 5),
            "nam",
            None,
            None,
            "Không",
            "đang công tác",
            datetime(2030, 3, 31),
        ),
    ]


def test_a_leader_reads_the_lists_but_sees_no_edit_button(client, leader, commune_a):
    client.force_login(leader)
    page = client.get(reverse("registry:commune_list")).content.decode()
    assert "Phường Việt Trì" in page
    assert reverse("registry:commune_new") not in page
    assert client.get(reverse("registry:commune_new")).status_code == 403


def test_a_commune_account_cannot_open_the_registry(client, commune_a_user):
    client.force_login(commune_a_user)
    for name in ("registry:commune_list", "registry:agency_list", "registry:cadre_list"):
        assert client.get(reverse(name)).status_code == 403


def test_exported_agencies_and_cadres_import_back_unchanged(client, staff):
    from assignments.imports import AgencyImport, CadreImport

    agency = Agency.objects.create(name="Sở Nội vụ", kind="so_ban_nganh", leader_quota=2)
    Cadre.objects.create(
        full_name="Lê Thị Hoà",
        position="Phó Giám đốc",
        agency=agency,
        date_of_birth=date(1975, 12, 25),
        gender="female",
        phone="0912345678",
    )
    client.force_login(staff)
    agencies = client.get(reverse("registry:agency_list"), {"format": "xlsx"}).content
    cadres = client.get(reverse("registry:cadre_list"), {"format": "xlsx"}).content
    again = run_import(AgencyImport(), BytesIO(agencies))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)
    again = run_import(CadreImport(), BytesIO(cadres))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)
