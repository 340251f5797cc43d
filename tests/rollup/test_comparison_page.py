"""The centre's comparison page: the provinces × the ratios as numerator/denominator and
percentage, the year before, sorting on the server (a malformed sort answers 400), the chart,
the provinces that have not sent, the Excel file, and who may see it."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import make_user

from .comparison_data import two_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(central):
    return two_years()


@pytest.fixture
def officer(central, staff):
    """A staff member of the centre (Vụ Địa phương II)."""
    return staff


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("central:comparison"), params)


def _order(response):
    return re.findall(r'data-province="(\d+)"', response.content.decode())


def test_it_shows_each_ratio_as_numerator_over_denominator_with_its_percentage(
    client, officer, data
):
    response = _page(client, officer, year=2025)
    assert response.status_code == 200
    html = response.content.decode()
    row = html.split('data-province="01"')[1].split("</tr>")[0]
    assert "709/724" in row
    assert "97,9\u00a0%" in row
    assert "188/221" in row and "85,1\u00a0%" in row
    # The year before beside it: Hà Nội's own 2024 row.
    assert "2024: 500/579 (86,4\u00a0%)" in row
    # The total adds numerators and denominators: 859/884 is 97,2 %.
    total = html.split('data-testid="total"')[1].split("</tr>")[0]
    assert "859/884" in total and "97,2\u00a0%" in total


def test_it_says_which_version_each_row_comes_from(client, officer, data):
    html = _page(client, officer, year=2025).content.decode()
    row = html.split('data-province="25"')[1].split("</tr>")[0]
    version = row.split('data-testid="version">')[1].split("</a>")[0]
    assert re.search(r"\b3\b", version) and "20/01/2026" in version
    assert reverse("central:snapshot_detail", args=[data["latest"].pk]) in row
    # The merged province's 2024 figures span the three old provinces.
    assert "17, 25, 26" in row


def test_it_lists_the_provinces_that_have_not_sent(client, officer, data):
    html = _page(client, officer, year=2025).content.decode()
    box = html.split('data-testid="not-sent"')[1]
    assert "Lào Cai" in box
    assert "Phú Thọ" not in box


def test_it_sorts_by_name_by_default_and_by_any_ratio_either_way(client, officer, data):
    assert _order(_page(client, officer, year=2025)) == ["01", "25"]
    assert _order(_page(client, officer, year=2025, sort="name", dir="desc")) == ["25", "01"]
    # Submitted: Hà Nội 97,9 %, Phú Thọ 93,8 %.
    assert _order(_page(client, officer, year=2025, sort="submitted")) == ["25", "01"]
    assert _order(_page(client, officer, year=2025, sort="submitted", dir="desc")) == ["01", "25"]
    # Tasks: Hà Nội has none (0/0, "—"), last either way.
    assert _order(_page(client, officer, year=2025, sort="tasks", dir="desc")) == ["25", "01"]
    assert _order(_page(client, officer, year=2025, sort="tasks", dir="asc")) == ["25", "01"]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "percent"},
        {"sort": "submitted;drop"},
        {"dir": "up"},
        {"year": "abc"},
        {"year": "10000"},
        {"format": "pdf"},
    ],
)
def test_a_malformed_parameter_answers_400_saying_which(client, officer, data, params):
    response = _page(client, officer, **params)
    assert response.status_code == 400
    name = next(iter(params))
    assert f"«{name}»" in response.content.decode()


def test_a_year_without_snapshots_is_not_found(client, officer, data):
    assert _page(client, officer, year=2023).status_code == 404


def test_the_chart_draws_the_sorted_ratio_with_a_text_alternative(client, officer, data):
    html = _page(client, officer, year=2025, sort="commended").content.decode()
    chart = html.split('data-testid="chart"')[1].split("</svg>")[0]
    assert 'data-ratio="commended"' in html
    title = chart.split("<title")[1].split("</title>")[0]
    assert "Hà Nội 188/221 (85,1\u00a0%)" in title
    assert "Phú Thọ 30/150 (20,0\u00a0%)" in title
    # Bars: 170 units are 100 %; Hà Nội's 85,1 % is 144.7 (a dot, never a decimal comma).
    assert 'width="144.7"' in chart


def test_the_excel_file_holds_the_same_table(client, officer, data):
    response = _page(client, officer, year=2025, sort="submitted", format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Năm 2025"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    by_code = {r[0]: dict(zip(header, r, strict=False)) for r in rows[2:] if r[0]}
    assert by_code["01"]["Phiếu đã gửi"] == 709
    assert by_code["01"]["Phiếu phải nộp"] == 724
    assert by_code["01"]["Tỷ lệ phiếu đã gửi"] == pytest.approx(709 / 724)
    assert by_code["25"]["Bản số"] == 3
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert dict(zip(header, total, strict=False))["Tỷ lệ phiếu đã gửi"] == pytest.approx(859 / 884)
    assert [r[2] for r in book["Chưa gửi số liệu"].iter_rows(min_row=2, values_only=True)] == [
        "Lào Cai"
    ]


def test_before_any_snapshot_it_says_so(client, officer):
    response = _page(client, officer)
    assert response.status_code == 200
    assert 'data-testid="no-snapshots"' in response.content.decode()


def test_a_leader_reads_it_too(client, central, leader, data):
    assert _page(client, leader, year=2025).status_code == 200


def test_an_account_without_the_permission_is_refused(client, central, data):
    outsider = make_user("khach")
    assert _page(client, outsider).status_code == 403
    assert not outsider.has_perm("rollup.view_snapshot")
    assert Permission.objects.filter(codename="view_snapshot").exists()


def test_anonymous_visitors_go_to_the_login_page(client, central, data):
    response = client.get(reverse("central:comparison"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
