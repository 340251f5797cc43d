from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse

from assignments import services
from assignments.imports import AssignmentImport
from assignments.models import Assignment
from core.imports import run_import
from tests.factories import AgencyFactory, AssignmentFactory, CadreFactory
from tests.workbooks import downloaded_rows, xlsx

pytestmark = pytest.mark.django_db
ANNEX = (
    "Mã xã",
    "Họ và tên cán bộ",
    "Cơ quan",
    "Số quyết định",
    "Ngày quyết định",
    "Từ ngày",
    "Lý do ngoại lệ",
)


@pytest.fixture
def agency():
    return AgencyFactory(name="Sở Nội vụ", leader_quota=2)


@pytest.fixture
def hung(agency):
    return CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency)


@pytest.fixture
def lan(agency):
    return CadreFactory(full_name="Lê Thị Lan", agency=agency, gender="female")


def _form(commune, cadre, **extra):
    data = {
        "commune": commune.pk,
        "cadre": cadre.pk,
        "decision_number": "1250-QĐ/TU",
        "decision_date": "30/06/2025",
        "start_date": "01/07/2025",
        "exception_reason": "",
        "note": "",
    }
    data.update(extra)
    return data


def test_the_pickers_offer_free_communes_and_free_cadres_first(
    client, staff, hung, lan, commune_a, commune_b
):
    services.assignment_create(
        cadre=hung,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1",
        decision_date=date(2025, 7, 1),
    )
    client.force_login(staff)
    page = client.get(reverse("assignments:new")).content.decode()
    free_group = page.index("Chưa có cán bộ theo dõi")
    assert (
        free_group
        < page.index("Xã Tân Lạc")
        < page.index("Đã có cán bộ theo dõi")
        < page.index("Phường Việt Trì")
    )
    assert (
        page.index("Chưa theo dõi xã nào")
        < page.index("Lê Thị Lan")
        < page.index("Đang theo dõi một xã")
        < page.index("Nguyễn Văn Hùng")
    )


def test_staff_assigns_through_the_form(client, staff, hung, commune_a):
    client.force_login(staff)
    response = client.post(reverse("assignments:new"), _form(commune_a, hung))
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.cadre, assignment.commune, assignment.start_date) == (
        hung,
        commune_a,
        date(2025, 7, 1),
    )
    assert assignment.created_by == staff


def test_a_refused_assignment_keeps_what_was_typed_and_says_why(
    client, staff, hung, lan, commune_a
):
    services.assignment_create(
        cadre=hung,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1",
        decision_date=date(2025, 7, 1),
    )
    client.force_login(staff)
    response = client.post(
        reverse("assignments:new"), _form(commune_a, lan, decision_number="77-QĐ/TU")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã có đồng chí Nguyễn Văn Hùng" in page
    assert 'value="77-QĐ/TU"' in page
    assert Assignment.objects.count() == 1


def test_staff_reassigns_and_ends_from_the_commune_page(client, staff, hung, lan, commune_a):
    current = services.assignment_create(
        cadre=hung,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1",
        decision_date=date(2025, 7, 1),
    )
    client.force_login(staff)
    page = client.get(reverse("registry:commune_detail", args=[commune_a.pk])).content.decode()
    assert reverse("assignments:reassign", args=[current.pk]) in page
    client.post(
        reverse("assignments:reassign", args=[current.pk]),
        {
            "cadre": lan.pk,
            "decision_number": "1432-QĐ/TU",
            "decision_date": "10/04/2026",
            "start_date": "15/04/2026",
        },
    )
    new = Assignment.objects.get(cadre=lan)
    client.post(
        reverse("assignments:end", args=[new.pk]),
        {"end_date": "31/10/2026", "reason": "transferred", "note": "Điều động"},
    )
    new.refresh_from_db()
    assert new.end_date == date(2026, 10, 31)
    page = client.get(reverse("registry:commune_detail", args=[commune_a.pk])).content.decode()
    assert page.index("Lê Thị Lan") < page.index("Nguyễn Văn Hùng")  # newest first
    assert "14/04/2026" in page and "31/10/2026" in page


def _reassign(client, current, cadre, **extra):
    data = {
        "cadre": cadre.pk,
        "decision_number": "1432-QĐ/TU",
        "decision_date": "10/04/2026",
        "start_date": "15/04/2026",
    }
    data.update(extra)
    return client.post(reverse("assignments:reassign", args=[current.pk]), data)


def test_reassigning_to_the_cadre_who_already_follows_is_refused(client, staff, hung, commune_a):
    current = AssignmentFactory(cadre=hung, commune=commune_a)
    client.force_login(staff)
    response = _reassign(client, current, hung)
    assert "Cán bộ này đang theo dõi chính xã này." in response.content.decode()
    assert Assignment.objects.get().end_date is None


def test_a_reassignment_before_its_decision_is_refused_beside_the_date(
    client, staff, hung, lan, commune_a
):
    current = AssignmentFactory(cadre=hung, commune=commune_a)
    client.force_login(staff)
    response = _reassign(client, current, lan, start_date="01/04/2026")
    field = response.context["form"]["start_date"]
    assert field.errors == ["Phân công không thể bắt đầu trước ngày ban hành quyết định."]
    assert 'value="1432-QĐ/TU"' in response.content.decode()
    assert list(Assignment.objects.values_list("cadre__full_name", "end_date")) == [
        ("Nguyễn Văn Hùng", None)
    ]


def test_the_audit_trail_shows_who_changed_what_with_old_and_new_values(
    client, staff, hung, commune_a
):
    client.force_login(staff)
    client.post(reverse("assignments:new"), _form(commune_a, hung))
    assignment = Assignment.objects.get()
    client.post(
        reverse("assignments:end", args=[assignment.pk]),
        {"end_date": "31/03/2026", "reason": "retired"},
    )
    page = client.get(reverse("assignments:audit_trail")).content.decode()
    assert "Nguyễn Thị Thu Hà" in page  # who
    assert "31/03/2026" in page and "nghỉ hưu" in page  # new values of the end


def test_leaders_read_but_cannot_assign(client, leader, hung, commune_a):
    client.force_login(leader)
    assert client.get(reverse("assignments:dashboard")).status_code == 200
    assert client.get(reverse("assignments:new")).status_code == 403
    assert client.post(reverse("assignments:new"), _form(commune_a, hung)).status_code == 403
    assert Assignment.objects.count() == 0


def test_the_annex_exports_and_imports_back_as_a_no_op(
    client, staff, hung, lan, commune_a, commune_b
):
    for cadre, commune in ((hung, commune_a), (lan, commune_b)):
        services.assignment_create(
            cadre=cadre,
            commune=commune,
            start_date=date(2025, 7, 1),
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
        )
    client.force_login(staff)
    response = client.get(reverse("assignments:annex"), {"on": "01/01/2026"})
    caption, header, *rows = downloaded_rows(response)
    assert caption[0] == "Danh sách xã, phường và cán bộ theo dõi, tính đến ngày 01/01/2026"
    assert header == (
        "STT",
        "Mã xã",
        "Tên xã",
        "Tỉnh",  # no "Huyện": the map of 2026 has no districts
        "Họ và tên cán bộ",
        "Chức vụ",
        "Cơ quan",
        "Số quyết định",
        "Ngày quyết định",
        "Từ ngày",
        "Lý do ngoại lệ",
    )
    assert rows == [  # by commune name, as in the decision's annex
        (
            1,
            "07900",
            "Phường Việt Trì",
            "Phú Thọ",
            "Nguyễn Văn Hùng",
            "Phó Giám đốc",
            "Sở Nội vụ",
            "1250-QĐ/TU",
            datetime(2025, 6, 30),
            datetime(2025, 7, 1),
            None,
        ),
        (
            2,
            "04792",
            "Xã Tân Lạc",
            "Phú Thọ",
            "Lê Thị Lan",
            "Phó Giám đốc",
            "Sở Nội vụ",
            "1250-QĐ/TU",
            datetime(2025, 6, 30),
            datetime(2025, 7, 1),
            None,
        ),
    ]
    result = run_import(AssignmentImport(), BytesIO(response.content))
    assert (result.new, result.changed, result.unchanged, result.error_count) == (0, 0, 2, 0)


def test_a_new_decision_annex_replaces_the_previous_assignment(hung, lan, commune_a, commune_b):
    services.assignment_create(
        cadre=hung,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1250-QĐ/TU",
        decision_date=date(2025, 6, 30),
    )
    rows = [
        ANNEX,
        ("07900", "Lê Thị Lan", "Sở Nội vụ", "1432-QĐ/TU", "10/04/2026", "15/04/2026", None),
        ("04792", "Nguyễn Văn Hùng", "sở nội vụ", "1432-QĐ/TU", "10/04/2026", "15/04/2026", None),
    ]
    result = run_import(AssignmentImport(), xlsx(rows))
    assert result.ok and result.new == 2
    assert (
        "kết thúc phân công của Nguyễn Văn Hùng tại «Phường Việt Trì» ngày 14/04/2026"
        in result.changes[0].details
    )
    on = date(2026, 5, 1)
    assert {(a.cadre.full_name, a.commune.code) for a in Assignment.objects.active_on(on)} == {
        ("Lê Thị Lan", "07900"),
        ("Nguyễn Văn Hùng", "04792"),
    }
    again = run_import(AssignmentImport(), xlsx(rows))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)


def test_an_annex_with_an_ambiguous_cadre_or_unknown_commune_writes_nothing(
    agency, hung, commune_a
):
    CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency, date_of_birth=date(1980, 1, 1))
    rows = [
        ANNEX,
        ("07900", "Nguyễn Văn Hùng", "Sở Nội vụ", "1", "01/07/2025", "01/07/2025", None),
        ("99999", "Lê Thị Lan", "Sở Nội vụ", "1", "01/07/2025", "01/07/2025", None),
    ]
    result = run_import(AssignmentImport(), xlsx(rows))
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "2 cán bộ trùng họ tên" in messages[(2, "Họ và tên cán bộ")]
    assert "không có xã, phường nào mang mã này" in messages[(3, "Mã xã")]
    assert Assignment.objects.count() == 0


def test_an_annex_row_with_an_exception_reason_records_a_second_commune(hung, commune_a, commune_b):
    rows = [
        ANNEX,
        ("07900", "Nguyễn Văn Hùng", "Sở Nội vụ", "1", "01/07/2025", "01/07/2025", None),
        ("04792", "Nguyễn Văn Hùng", "Sở Nội vụ", "1", "01/07/2025", "01/07/2025", "Chờ bổ sung"),
    ]
    result = run_import(AssignmentImport(), xlsx(rows))
    assert result.ok
    assert Assignment.objects.get(commune=commune_b).exception_reason == "Chờ bổ sung"
    assert Assignment.objects.get(commune=commune_a).end_date is None


def test_an_annex_row_can_name_the_commune_instead_of_its_code(hung, commune_a):
    headers = ("Mã xã", "Tên xã", "Tỉnh") + ANNEX[1:]
    rows = [
        headers,
        (
            None,
            "phuong viet tri",
            "Phú Thọ",
            "Nguyễn Văn Hùng",
            "Sở Nội vụ",
            "1",
            "01/07/2025",
            "01/07/2025",
            None,
        ),
    ]
    result = run_import(AssignmentImport(), xlsx(rows))
    assert result.ok, result.errors
    assert Assignment.objects.get().commune == commune_a
