"""Columns with a fixed list (types, gender) read as people write them: any case, with or
without diacritics, abbreviated; a value still unknown is mapped once by staff in the preview,
for the whole file and for every later import (DECISIONS, Import vocabulary)."""

import pytest
from django.urls import reverse

from assignments.imports import AgencyImport, CadreImport, CommuneImport
from assignments.models import Agency, Cadre, Commune, District
from core.imports import run_import
from core.models import ImportUpload, ImportValueMapping
from tests.factories import AgencyFactory
from tests.workbooks import upload, xlsx

pytestmark = pytest.mark.django_db
AGENCY_HEADERS = ("Tên cơ quan", "Loại", "Số lãnh đạo")


def _kinds(model, result):
    assert result.ok, (result.errors, result.unknown_values)
    return dict(model.objects.values_list("name", "kind"))


def test_it_reads_agency_types_abbreviated_and_without_diacritics():
    result = run_import(
        AgencyImport(),
        xlsx(
            [
                AGENCY_HEADERS,
                ("Ủy ban MTTQ tỉnh", "MTTQ", 3),
                ("Hội Nông dân tỉnh", "UBMTTQ", 2),
                ("Tỉnh đoàn", "mat tran, doan the", 2),
                ("Hội Cựu chiến binh tỉnh", "Mặt trận Tổ quốc", 1),
                ("Sở Nội vụ", "Sở, ngành", 5),
                ("Sở Y tế", "SO BAN NGANH", 4),
                ("Ban Tuyên giáo Tỉnh ủy", "ban dang", 3),
                ("Công an tỉnh", "nganh doc TW", 6),
                ("Kho bạc Nhà nước tỉnh", "Ngành dọc", 2),
            ]
        ),
    )
    front, department, central = (
        Agency.Kind.FRONT,
        Agency.Kind.DEPARTMENT,
        Agency.Kind.CENTRAL,
    )
    assert _kinds(Agency, result) == {
        "Ủy ban MTTQ tỉnh": front,
        "Hội Nông dân tỉnh": front,
        "Tỉnh đoàn": front,
        "Hội Cựu chiến binh tỉnh": front,
        "Sở Nội vụ": department,
        "Sở Y tế": department,
        "Ban Tuyên giáo Tỉnh ủy": department,
        "Công an tỉnh": central,
        "Kho bạc Nhà nước tỉnh": central,
    }


def test_it_reads_commune_and_district_types_abbreviated_and_without_diacritics():
    headers = ("Mã xã", "Tên xã", "Loại", "Huyện", "Loại huyện", "Tỉnh")
    result = run_import(
        CommuneImport(),
        xlsx(
            [
                headers,
                ("04789", "Thái Bình", "phuong", "Hòa Bình", "TP", "Hòa Bình"),
                ("04792", "Hùng Sơn", "TT", "Lạc Sơn", "huyen", "Hòa Bình"),
                ("04795", "Tân Lạc", "XÃ", "Lạc Sơn", None, "Hòa Bình"),
                ("04798", "Đà Bắc", "thi tran", "Đà Bắc", "Huyện", "Hòa Bình"),
                ("04801", "Kỳ Sơn", "xa", "Kỳ Sơn", "thi xa", "Hòa Bình"),
            ]
        ),
    )
    assert _kinds(Commune, result) == {
        "Thái Bình": Commune.Kind.WARD,
        "Hùng Sơn": Commune.Kind.TOWNSHIP,
        "Tân Lạc": Commune.Kind.COMMUNE,
        "Đà Bắc": Commune.Kind.TOWNSHIP,
        "Kỳ Sơn": Commune.Kind.COMMUNE,
    }
    assert dict(District.objects.values_list("name", "kind")) == {
        "Hòa Bình": District.Kind.CITY,
        "Lạc Sơn": District.Kind.RURAL,
        "Đà Bắc": District.Kind.RURAL,
        "Kỳ Sơn": District.Kind.TOWN,
    }


def test_it_reads_a_commune_type_abbreviated_in_the_name():
    result = run_import(
        CommuneImport(),
        xlsx([("Mã xã", "Tên xã", "Loại", "Tỉnh"), ("04792", "TT Hùng Sơn", None, "Phú Thọ")]),
    )
    assert _kinds(Commune, result) == {"TT Hùng Sơn": Commune.Kind.TOWNSHIP}


def test_it_reads_gender_in_any_case_and_without_diacritics():
    AgencyFactory(name="Sở Nội vụ")
    result = run_import(
        CadreImport(),
        xlsx(
            [
                ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính"),
                ("Lê Thị Hoà", "Phó Giám đốc", "Sở Nội vụ", "25/12/1975", "nu"),
                ("Vũ Thị Mai", "Phó Giám đốc", "Sở Nội vụ", "15/06/1975", "NỮ"),
                ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", "05/03/1968", " nam "),
            ]
        ),
    )
    assert result.ok, (result.errors, result.unknown_values)
    assert dict(Cadre.objects.values_list("full_name", "gender")) == {
        "Lê Thị Hoà": Cadre.Gender.FEMALE,
        "Vũ Thị Mai": Cadre.Gender.FEMALE,
        "Nguyễn Văn Hùng": Cadre.Gender.MALE,
    }


# --- a value no list knows ---------------------------------------------------------------------

WITH_KHOI = [
    AGENCY_HEADERS,
    ("Hội Nông dân tỉnh", "Khối MTTQ tỉnh", 2),
    ("Sở Nội vụ", "Sở, ban, ngành", 5),
    ("Tỉnh đoàn", "khối mttq tỉnh", 2),
    ("Hội Cựu chiến binh tỉnh", "KHỐI MTTQ TỈNH", 1),
]


def _upload(client, rows, name="co-quan.xlsx"):
    return client.post(
        reverse("registry:import_start"),
        {"kind": "agencies", "file": upload(rows, name=name)},
        follow=True,
    )


def test_it_lists_an_unknown_value_once_with_its_rows_and_offers_the_known_ones(client, staff):
    client.force_login(staff)
    response = _upload(client, WITH_KHOI)
    page = response.content.decode()
    [(index, unknown, choices)] = response.context["unknown"]
    assert (unknown.label, unknown.value, unknown.count, unknown.rows) == (
        "Loại",
        "Khối MTTQ tỉnh",
        3,
        [2, 4, 5],
    )
    assert [word for _value, word in choices] == [
        "Sở, ban, ngành",
        "Mặt trận, đoàn thể",
        "Ngành dọc Trung ương",
    ]
    assert page.count('data-testid="unknown-value"') == 1
    assert f'name="value-{index}"' in page
    assert "Xác nhận nhập" not in page  # nothing can be written before it is mapped
    assert not Agency.objects.exists()


def test_staff_map_it_once_for_the_whole_file_and_the_next_import_needs_no_mapping(client, staff):
    client.force_login(staff)
    _upload(client, WITH_KHOI)
    first = ImportUpload.objects.get()

    mapped = client.post(
        reverse("registry:import_map", args=[first.pk]),
        {"value-0": Agency.Kind.FRONT},
        follow=True,
    )
    assert mapped.context["unknown"] == []
    assert mapped.context["result"].ok
    mapping = ImportValueMapping.objects.get()
    assert (mapping.kind, mapping.column, mapping.folded, mapping.written, mapping.value) == (
        "agencies",
        "kind",
        "khoi mttq tinh",
        "Khối MTTQ tỉnh",
        Agency.Kind.FRONT,
    )
    assert mapping.created_by == staff

    client.post(reverse("registry:import_confirm", args=[first.pk]))
    assert dict(Agency.objects.values_list("name", "kind")) == {
        "Hội Nông dân tỉnh": Agency.Kind.FRONT,
        "Sở Nội vụ": Agency.Kind.DEPARTMENT,
        "Tỉnh đoàn": Agency.Kind.FRONT,
        "Hội Cựu chiến binh tỉnh": Agency.Kind.FRONT,
    }

    # Next time the same value, however written, is read without asking.
    again = _upload(client, [AGENCY_HEADERS, ("Hội Phụ nữ tỉnh", "Khoi MTTQ, tinh", 2)])
    assert again.context["unknown"] == []
    assert again.context["result"].new == 1
    second = ImportUpload.objects.latest("pk")
    client.post(reverse("registry:import_confirm", args=[second.pk]))
    assert Agency.objects.get(name="Hội Phụ nữ tỉnh").kind == Agency.Kind.FRONT


def test_a_choice_that_is_not_one_of_the_columns_values_is_not_remembered(client, staff):
    client.force_login(staff)
    _upload(client, WITH_KHOI)
    pending = ImportUpload.objects.get()
    client.post(reverse("registry:import_map", args=[pending.pk]), {"value-0": "mat_tran"})
    client.post(reverse("registry:import_map", args=[pending.pk]), {"value-7": "nganh_doc"})
    assert not ImportValueMapping.objects.exists()
    pending.refresh_from_db()
    assert [u.value for u in pending.outcome().unknown_values] == ["Khối MTTQ tỉnh"]


def test_staff_see_the_mappings_and_delete_one_so_the_value_is_asked_again(client, staff):
    client.force_login(staff)
    ImportValueMapping.remember(
        kind="agencies",
        column="kind",
        key="khoi mttq tinh",
        written="Khối MTTQ tỉnh",
        value=Agency.Kind.FRONT,
        user=staff,
    )
    page = client.get(reverse("registry:import_mappings")).content.decode()
    assert "Khối MTTQ tỉnh" in page and "Mặt trận, đoàn thể" in page
    start = client.get(reverse("registry:import_start")).content.decode()
    assert reverse("registry:import_mappings") in start

    mapping = ImportValueMapping.objects.get()
    client.post(reverse("registry:import_mapping_delete", args=[mapping.pk]))
    assert not ImportValueMapping.objects.exists()
    asked = _upload(client, WITH_KHOI)
    assert [u.value for _i, u, _c in asked.context["unknown"]] == ["Khối MTTQ tỉnh"]


def test_a_mapping_to_a_choice_that_no_longer_exists_is_ignored():
    ImportValueMapping.objects.create(
        kind="agencies", column="kind", folded="khoi mttq tinh", written="x", value="bien_mat"
    )
    result = run_import(AgencyImport(), xlsx(WITH_KHOI))
    assert [(u.value, u.count) for u in result.unknown_values] == [("Khối MTTQ tỉnh", 3)]


def test_the_command_names_an_unknown_value_and_what_it_may_be(tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "co-quan.xlsx"
    path.write_bytes(xlsx(WITH_KHOI).getvalue())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsx", "agencies", str(path), stderr=err)
    said = err.getvalue()
    assert "«Khối MTTQ tỉnh»" in said and "Mặt trận, đoàn thể" in said
    assert not Agency.objects.exists()
