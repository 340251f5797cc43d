"""Parameters read in one place (core.params): a malformed number, id, year or date answers
400 with a page that names it; a missing one gives the default. The examples of issue 14."""

from datetime import date

import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory
from django.urls import reverse

from core.params import date_param, id_param, int_param, year_param
from tests.evaluations.conftest import agency, assignments, hung, lan, round_2026  # noqa: F401

pytestmark = pytest.mark.django_db


def _get(**params):
    return RequestFactory().get("/", params)


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "٣", "²", "1e3", "9" * 13, " 4 2 "])
def test_a_number_that_is_not_plain_ascii_digits_is_refused(value):
    with pytest.raises(BadRequest):
        int_param(_get(n=value), "n")


def test_a_missing_or_empty_parameter_gives_the_default():
    assert int_param(_get(), "n", 7) == 7
    assert int_param(_get(n=" "), "n", 7) == 7
    assert year_param(_get(year=""), default=2026) == 2026
    assert date_param(_get(), "on") is None


def test_bounds_and_years():
    assert int_param(_get(n="60"), "n", minimum=1, maximum=60) == 60
    with pytest.raises(BadRequest):
        int_param(_get(n="61"), "n", minimum=1, maximum=60)
    with pytest.raises(BadRequest):
        id_param(_get(id="0"), "id")
    assert year_param(_get(year="2024")) == 2024
    for year in ("1999", "2101", "10000"):
        with pytest.raises(BadRequest):
            year_param(_get(year=year))


def test_dates_are_read_as_people_here_type_them():
    assert date_param(_get(on="05/03/2025"), "on") == date(2025, 3, 5)
    assert date_param(_get(on="2025-03-05"), "on") == date(2025, 3, 5)
    for value in ("99/99/9999", "31/02/2025", "01/01/0001", "31/12/10000", "hôm nay"):
        with pytest.raises(BadRequest):
            date_param(_get(on=value), "on")


def test_a_posted_parameter_is_read_from_the_body():
    request = RequestFactory().post("/?year=2024", {"year": "2025"})
    assert year_param(request, source="POST") == 2025
    assert year_param(request) == 2024


def test_the_examples_of_the_issue_answer_400_with_a_vietnamese_page(client, staff, commune_a):
    client.force_login(staff)
    for url, params in (
        (reverse("activity:overview"), {"cadre": "abc"}),  # not read there: no effect
        (reverse("activity:home"), {"cadre": "abc"}),
        (reverse("activity:overview"), {"year": "10000"}),
        (reverse("assignments:dashboard"), {"on": "99/99/9999"}),
        (reverse("assignments:dashboard"), {"months": "abc"}),
    ):
        response = client.get(url, params)
        expected = 200 if params == {"cadre": "abc"} and url.endswith("overview/") else 400
        assert response.status_code == expected, (url, params)
    page = client.get(reverse("activity:overview"), {"year": "10000"}).content.decode()
    assert 'data-testid="bad-parameter"' in page and "«year»" in page and "«10000»" in page


def test_a_reset_that_is_not_an_id_is_400_and_an_unknown_one_404(client, staff, commune_a):
    client.force_login(staff)
    url = f"{reverse('evaluations:commune_accounts')}?round=current"
    assert client.post(url, {"reset": "abc"}).status_code == 400
    assert client.post(url, {"reset": "987654"}).status_code == 404


def test_a_cadre_id_that_names_no_cadre_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("activity:home"), {"cadre": "987654"}).status_code == 404


def test_a_search_text_with_a_nul_character_or_too_long_is_refused():
    from core.params import text_param

    assert text_param(_get(q="  Tân Lạc "), "q") == "Tân Lạc"
    for value in ("xa\x00", "x" * 201):
        with pytest.raises(BadRequest):
            text_param(_get(q=value), "q")


def test_the_searches_of_the_missing_list_and_the_results_answer_400_to_a_nul(
    client,
    staff,
    round_2026,  # noqa: F811
):
    client.force_login(staff)
    for name in ("evaluations:missing", "reports:results"):
        response = client.get(reverse(name, args=[2026]), {"q": "a\x00"})
        assert response.status_code == 400, name
