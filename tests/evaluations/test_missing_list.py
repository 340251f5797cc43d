"""The list of communes still missing forms (issue 14, query budgets): on screen a page at a
time with a search; the whole list, as searched, to print and in Excel for the Standing Board."""

import pytest
from django.urls import reverse

from core.listing import PAGE_SIZE
from evaluations.models import EvaluationForm
from tests.factories import CadreFactory, CommuneFactory
from tests.html import by_testid, parse
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db

URL = reverse("evaluations:missing", args=[2026])


@pytest.fixture
def many_missing(round_2026, province):
    """Commune A and B, and 53 more communes whose one form has not come in: 55 in all."""
    forms = [
        EvaluationForm(
            round=round_2026,
            commune=CommuneFactory(province=province, name=f"Xã Chưa Nộp {n:02d}"),
            cadre=CadreFactory(),
            period_start=round_2026.forms.first().period_start,
            period_end=round_2026.forms.first().period_end,
            days_followed=365,
        )
        for n in range(53)
    ]
    EvaluationForm.objects.bulk_create(forms)
    return 55


def _numbers_and_names(page):
    rows = parse(page).one(testid="missing-list").find_all(tag="tr")[1:]
    return [tuple(cell.text for cell in row.find_all(tag="td")[:2]) for row in rows]


def test_it_shows_a_page_at_a_time_numbered_across_pages(many_missing, leader, client):
    client.force_login(leader)
    first = _numbers_and_names(client.get(URL).content)
    second = _numbers_and_names(client.get(URL, {"page": 2}).content)
    assert len(first) == PAGE_SIZE
    assert [n for n, _name in first + second] == [str(n) for n in range(1, many_missing + 1)]
    assert first[0] == ("1", "Phường Việt Trì") and second[-1] == ("55", "Xã Tân Lạc")


def test_the_whole_list_prints_and_exports_whatever_the_page(many_missing, leader, client):
    client.force_login(leader)
    page = client.get(URL).content
    link = by_testid(page, "print-all")
    assert (link.attrs["href"], link.text) == ("?all=1", "Toàn bộ danh sách để in (55)")
    whole = client.get(URL, {"all": "1"}).content
    assert len(_numbers_and_names(whole)) == many_missing
    assert "pagination" not in whole.decode()
    _header, *rows, totals = downloaded_rows(client.get(URL, {"format": "xlsx"}))
    assert len(rows) == many_missing
    assert totals[0] == "Tổng cộng"


def test_a_search_narrows_the_page_the_print_and_the_export(many_missing, leader, client):
    client.force_login(leader)
    page = client.get(URL, {"q": "chua nop 1"}).content  # no diacritics: "Chưa Nộp 1x"
    assert [name for _n, name in _numbers_and_names(page)] == [
        f"Xã Chưa Nộp {n}" for n in range(10, 20)
    ]
    assert by_testid(page, "print-all").attrs["href"] == "?q=chua+nop+1&all=1"
    assert by_testid(page, "export-xlsx").attrs["href"] == "?q=chua+nop+1&format=xlsx"
    assert len(_numbers_and_names(client.get(URL, {"q": "chua nop 1", "all": "1"}).content)) == 10
    _header, *rows, _totals = downloaded_rows(
        client.get(URL, {"q": "chua nop 1", "format": "xlsx"})
    )
    assert [row[2] for row in rows] == [f"Xã Chưa Nộp {n}" for n in range(10, 20)]
    nothing = client.get(URL, {"q": "khong co xa nay"}).content
    assert _numbers_and_names(nothing) == [("Không có xã, phường nào phù hợp.",)]


def test_it_is_refused_to_a_commune(many_missing, commune_a_user, client):
    client.force_login(commune_a_user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"all": "1"}).status_code == 403
