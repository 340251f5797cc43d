"""Importing the annex of a Standing Board decision over assignments already recorded: the
rules of an assignment are the model's, so a row that breaks one is named, and nothing is
written."""

from datetime import date

import pytest
from django.urls import reverse

from assignments import services
from assignments.imports import AssignmentImport
from assignments.models import Assignment
from core.imports import run_import
from tests.factories import AgencyFactory, CadreFactory
from tests.workbooks import upload, xlsx

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
SECOND_COMMUNE = "Chờ bổ sung cán bộ Sở Tài chính"


@pytest.fixture
def hung():
    return CadreFactory(full_name="Nguyễn Văn Hùng", agency=AgencyFactory(name="Sở Nội vụ"))


@pytest.fixture
def two_communes(hung, commune_a, commune_b):
    """Hùng follows commune A, and commune B as a recorded exception, from 1/7/2025."""
    for commune, reason in ((commune_a, ""), (commune_b, SECOND_COMMUNE)):
        services.assignment_create(
            cadre=hung,
            commune=commune,
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
            start_date=date(2025, 7, 1),
            exception_reason=reason,
        )


def _annex(b_reason):
    return [
        ANNEX,
        ("07900", "Nguyễn Văn Hùng", "Sở Nội vụ", "1250-QĐ/TU", "30/06/2025", "01/07/2025", None),
        (
            "04792",
            "Nguyễn Văn Hùng",
            "Sở Nội vụ",
            "1251-QĐ/TU",
            "30/06/2025",
            "01/07/2025",
            b_reason,
        ),
    ]


def _recorded():
    return sorted(
        Assignment.objects.values_list(
            "commune__code", "decision_number", "exception_reason", "end_date"
        )
    )


def test_it_names_the_row_whose_exception_lost_its_reason_and_writes_nothing(two_communes):
    before = _recorded()
    result = run_import(AssignmentImport(), xlsx(_annex(b_reason=None)))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Lý do ngoại lệ")]
    assert result.errors[0].message == (
        "Đồng chí Nguyễn Văn Hùng đang theo dõi «Phường Việt Trì». Mỗi đồng chí lãnh đạo theo "
        "dõi một xã: đề nghị kết thúc phân công đó trước, hoặc ghi rõ lý do nếu là trường hợp "
        "ngoại lệ tạm thời."
    )
    assert _recorded() == before


def test_staff_see_the_row_in_the_preview_instead_of_an_error_page(client, staff, two_communes):
    client.force_login(staff)
    response = client.post(
        reverse("registry:import_start"),
        {"kind": "assignments", "file": upload(_annex(b_reason=None))},
        follow=True,
    )
    assert response.status_code == 200
    assert "ghi rõ lý do nếu là trường hợp ngoại lệ tạm thời" in response.content.decode()


def test_the_same_annex_with_the_reason_kept_updates_the_decision_only(two_communes):
    result = run_import(AssignmentImport(), xlsx(_annex(b_reason=SECOND_COMMUNE)))
    assert (result.new, result.changed, result.unchanged, result.errors) == (0, 1, 1, [])
    assert Assignment.objects.get(decision_number="1251-QĐ/TU").exception_reason == (SECOND_COMMUNE)


def test_a_row_that_starts_before_its_decision_is_refused_as_the_form_refuses_it(hung, commune_a):
    rows = [
        ANNEX,
        ("07900", "Nguyễn Văn Hùng", "Sở Nội vụ", "1432-QĐ/TU", "10/08/2025", "01/08/2025", None),
    ]
    result = run_import(AssignmentImport(), xlsx(rows))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Từ ngày", "Phân công không thể bắt đầu trước ngày ban hành quyết định.")
    ]
    assert not Assignment.objects.exists()
