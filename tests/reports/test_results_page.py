"""Results by cadre (issue 14, query budgets): a page at a time, with a search by the cadre's
name or agency, so a province of thousands of cadres does not load them all at once."""

import pytest
from django.urls import reverse

from core.listing import PAGE_SIZE
from evaluations.models import EvaluationForm
from tests.evaluations.conftest import agency, assignments, hung, lan, round_2026  # noqa: F401
from tests.factories import AgencyFactory, CadreFactory, CommuneFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

URL = reverse("reports:results", args=[2026])


@pytest.fixture
def evaluated(round_2026, province):  # noqa: F811
    """55 cadres with a form received: 40 of "Sở Y tế", 15 of "Sở Xây dựng"."""
    health, building = AgencyFactory(name="Sở Y tế"), AgencyFactory(name="Sở Xây dựng")
    forms = [
        EvaluationForm(
            round=round_2026,
            commune=CommuneFactory(province=province),
            cadre=CadreFactory(
                full_name=f"Cán Bộ Số {n:02d}", agency=health if n < 40 else building
            ),
            period_start=round_2026.forms.first().period_start,
            period_end=round_2026.forms.first().period_end,
            days_followed=365,
            status=EvaluationForm.Status.SUBMITTED,
            level="good",
        )
        for n in range(55)
    ]
    EvaluationForm.objects.bulk_create(forms)


def _names(page):
    rows = parse(page).one(testid="results").find_all(tag="tr")[1:]
    return [row.find_all(tag="td")[0].text for row in rows]


def test_it_lists_the_cadres_a_page_at_a_time(evaluated, leader, client):
    client.force_login(leader)
    first = _names(client.get(URL).content)
    second = _names(client.get(URL, {"page": 2}).content)
    assert len(first) == PAGE_SIZE and len(first) + len(second) == 55
    assert len(set(first + second)) == 55


def test_a_search_finds_cadres_by_agency_without_diacritics(evaluated, staff, client):
    client.force_login(staff)
    page = client.get(URL, {"q": "so xay dung"}).content
    names = _names(page)
    assert names == [f"Cán Bộ Số {n} Phó Giám đốc, Sở Xây dựng" for n in range(40, 55)]
    assert _names(client.get(URL, {"q": "can bo so 07"}).content) == [
        "Cán Bộ Số 07 Phó Giám đốc, Sở Y tế"
    ]
    assert _names(client.get(URL, {"q": "không có ai"}).content) == ["Không có cán bộ nào phù hợp."]


def test_it_is_refused_to_a_commune(evaluated, commune_a_user, client):
    client.force_login(commune_a_user)
    assert client.get(URL).status_code == 403
