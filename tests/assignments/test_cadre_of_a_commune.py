"""A commune's cadre in the registry (issue 18): a commune Party secretary, under the Standing
Board's management since 2025, has breakthrough tasks. A cadre belongs to exactly one agency or
one commune, shows as the commune's committee wherever the registry names a cadre's unit, and
never follows a commune (only agency leaders do: Kết luận 1016-KL/TU)."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assignments import services
from assignments.imports import CadreImport
from assignments.models import Assignment, Cadre
from core.imports import run_import
from core.models import PersonalDataAccess
from tests.factories import AgencyFactory, CadreFactory
from tests.workbooks import downloaded_rows, xlsx

pytestmark = pytest.mark.django_db

HEADERS = (
    "Họ và tên",
    "Chức vụ",
    "Cơ quan",
    "Mã xã",
    "Ngày sinh",
    "Giới tính",
    "Diện BTV quản lý",
)


@pytest.fixture
def agency():
    return AgencyFactory(name="Sở Nội vụ", leader_quota=2)


@pytest.fixture
def hung(agency):
    return CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency)


@pytest.fixture
def secretary(commune_b):
    """Bí thư Đảng ủy xã Tân Lạc, under the Standing Board's management."""
    return CadreFactory(
        full_name="Hà Văn Thắng",
        position="Bí thư Đảng ủy",
        agency=None,
        commune=commune_b,
        standing_board=True,
    )


def _cadre_form(**extra):
    data = {
        "full_name": "Hà Văn Thắng",
        "position": "Bí thư Đảng ủy",
        "agency": "",
        "commune": "",
        "date_of_birth": "12/04/1974",
        "gender": "male",
        "phone": "",
        "email": "",
    }
    data.update(extra)
    return data


# --- the rule: exactly one of agency and commune -------------------------------------------


def test_the_database_refuses_a_cadre_with_both_an_agency_and_a_commune(agency, commune_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        CadreFactory(agency=agency, commune=commune_b)


def test_the_database_refuses_a_cadre_with_neither():
    with pytest.raises(IntegrityError), transaction.atomic():
        CadreFactory(agency=None, commune=None)


def test_the_model_check_refuses_both_and_neither_in_words(agency, commune_b):
    for unit in ({"agency": agency, "commune": commune_b}, {"agency": None, "commune": None}):
        cadre = Cadre(
            full_name="Hà Văn Thắng",
            position="Bí thư",
            date_of_birth=date(1974, 4, 12),
            gender="male",
            **unit,
        )
        with pytest.raises(ValidationError) as refused:
            cadre.full_clean()
        # Said once, beside the agency, not a second time in the database's words.
        assert list(refused.value.message_dict) == ["agency"]
        assert len(refused.value.message_dict["agency"]) == 1


def test_a_commune_s_cadre_names_the_commune_s_committee_as_their_unit(secretary, hung):
    assert secretary.unit == secretary.commune
    assert secretary.unit_name == secretary.commune.committee_name
    assert secretary.unit_name.startswith("Đảng ủy ")
    assert (hung.unit, hung.unit_name) == (hung.agency, "Sở Nội vụ")


# --- the form ------------------------------------------------------------------------------


def test_staff_add_a_commune_s_cadre_under_the_standing_board(client, staff, commune_b):
    client.force_login(staff)
    response = client.post(
        reverse("registry:cadre_new"),
        _cadre_form(commune=commune_b.pk, standing_board="on"),
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get()
    assert (cadre.agency, cadre.commune, cadre.standing_board) == (None, commune_b, True)


def test_the_form_refuses_both_an_agency_and_a_commune_and_keeps_what_was_typed(
    client, staff, agency, commune_b
):
    client.force_login(staff)
    response = client.post(
        reverse("registry:cadre_new"), _cadre_form(agency=agency.pk, commune=commune_b.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"agency"}
    assert "Hà Văn Thắng" in response.content.decode()
    assert not Cadre.objects.exists()


def test_the_form_refuses_a_cadre_with_neither(client, staff):
    client.force_login(staff)
    response = client.post(reverse("registry:cadre_new"), _cadre_form())
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"agency"}
    assert not Cadre.objects.exists()


def test_the_form_refuses_the_same_person_twice_in_one_commune(client, staff, secretary):
    client.force_login(staff)
    response = client.post(
        reverse("registry:cadre_new"),
        _cadre_form(commune=secretary.commune_id, date_of_birth="15/06/1975"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Cadre.objects.count() == 1


# --- lists and pages -----------------------------------------------------------------------


def test_the_cadre_list_shows_the_commune_s_committee_and_filters_by_the_flag(
    client, leader, secretary, hung
):
    client.force_login(leader)
    page = client.get(reverse("registry:cadre_list")).content.decode()
    assert secretary.commune.committee_name in page
    assert "Sở Nội vụ" in page
    flagged = client.get(reverse("registry:cadre_list"), {"standing_board": "yes"})
    assert [c.pk for c in flagged.context["rows"]] == [secretary.pk]
    others = client.get(reverse("registry:cadre_list"), {"standing_board": "no"})
    assert [c.pk for c in others.context["rows"]] == [hung.pk]


def test_the_cadre_page_shows_the_commune_and_logs_the_visit_under_it(client, leader, secretary):
    client.force_login(leader)
    response = client.get(reverse("registry:cadre_detail", args=[secretary.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert secretary.commune.committee_name in page
    assert reverse("registry:commune_detail", args=[secretary.commune_id]) in page
    # No "assign a commune" for them: only agency leaders follow communes.
    assert f"{reverse('assignments:new')}?cadre={secretary.pk}" not in page
    logged = PersonalDataAccess.objects.get(kind=PersonalDataAccess.Kind.CADRE)
    assert logged.label == f"Hà Văn Thắng — {secretary.commune.committee_name}"


def test_the_exported_list_imports_back_unchanged(client, leader, secretary, hung):
    client.force_login(leader)
    response = client.get(reverse("registry:cadre_list"), {"format": "xlsx"})
    header, *rows = downloaded_rows(response)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["Hà Văn Thắng"]["Cơ quan"] is None
    assert by_name["Hà Văn Thắng"]["Mã xã"] == secretary.commune.code
    assert by_name["Hà Văn Thắng"]["Diện BTV quản lý"] == "Có"
    assert by_name["Nguyễn Văn Hùng"]["Diện BTV quản lý"] == "Không"
    result = run_import(CadreImport(), BytesIO(response.content))
    assert not result.errors
    assert (result.new, result.changed, result.unchanged) == (0, 0, 2)


# --- the import ----------------------------------------------------------------------------


def test_the_import_reads_a_commune_code_instead_of_the_agency_and_the_flag(agency, commune_b):
    result = run_import(
        CadreImport(),
        xlsx(
            [
                HEADERS,
                ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", None, "05/03/1968", "Nam", "không"),
                ("Hà Văn Thắng", "Bí thư Đảng ủy", None, "4792", "12/04/1974", "Nam", "x"),
                ("Lê Thị Lan", "Phó Giám đốc", "Sở Nội vụ", None, "01/02/1980", "Nữ", None),
            ]
        ),
    )
    assert not result.errors
    assert result.new == 3
    thang = Cadre.objects.get(full_name="Hà Văn Thắng")
    assert (thang.agency, thang.commune, thang.standing_board) == (None, commune_b, True)
    hung = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    assert (hung.agency, hung.commune, hung.standing_board) == (agency, None, False)
    assert Cadre.objects.get(full_name="Lê Thị Lan").standing_board is False


def test_the_import_changes_the_flag_of_a_cadre_already_recorded(secretary):
    result = run_import(
        CadreImport(),
        xlsx(
            [
                HEADERS,
                ("Hà Văn Thắng", "Bí thư Đảng ủy", None, "04792", "15/06/1975", "Nam", "Không"),
            ]
        ),
    )
    assert (result.new, result.changed) == (0, 1)
    secretary.refresh_from_db()
    assert secretary.standing_board is False


def test_a_row_with_both_or_neither_unit_is_an_error_naming_the_row_and_nothing_is_written(
    agency, commune_b
):
    result = run_import(
        CadreImport(),
        xlsx(
            [
                HEADERS,
                ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", None, "05/03/1968", "Nam", "Có"),
                ("Hà Văn Thắng", "Bí thư", "Sở Nội vụ", "04792", "12/04/1974", "Nam", "Có"),
                ("Lê Thị Lan", "Phó Giám đốc", None, None, "01/02/1980", "Nữ", None),
                ("Đỗ Văn Nam", "Bí thư", None, "99999", "01/02/1980", "Nam", "chắc vậy"),
            ]
        ),
    )
    errors = [(e.row, e.column) for e in result.errors]
    assert errors[:2] == [(3, "Cơ quan"), (4, "Cơ quan")]
    assert "3" in result.errors[0].message
    assert "4" in result.errors[1].message
    # An unknown commune code; a flag value that is no yes or no is offered for mapping.
    assert (5, "Mã xã") in errors
    assert [u.value for u in result.unknown_values] == ["chắc vậy"]
    assert not Cadre.objects.exists()


# --- a commune's cadre never follows a commune ---------------------------------------------


def test_a_commune_s_cadre_cannot_be_assigned_to_follow_a_commune(secretary, commune_a):
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            cadre=secretary,
            commune=commune_a,
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
            start_date=date(2025, 7, 1),
        )
    assert "Hà Văn Thắng" in refused.value.message_dict["cadre"][0]
    assert not Assignment.objects.exists()


def test_the_assignment_form_never_offers_a_commune_s_cadre(
    client, staff, secretary, hung, commune_a
):
    client.force_login(staff)
    page = client.get(reverse("assignments:new")).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "Hà Văn Thắng" not in page
    forged = {
        "commune": commune_a.pk,
        "cadre": secretary.pk,
        "decision_number": "1250-QĐ/TU",
        "decision_date": "30/06/2025",
        "start_date": "01/07/2025",
        "exception_reason": "",
        "note": "",
    }
    response = client.post(reverse("assignments:new"), forged)
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_the_agency_leader_quota_ignores_a_commune_s_cadre(client, leader, secretary, agency):
    client.force_login(leader)
    response = client.get(reverse("registry:agency_list"), {"format": "xlsx"})
    header, *rows = downloaded_rows(response)
    assert [row[header.index("Cán bộ đang công tác")] for row in rows] == [0]
