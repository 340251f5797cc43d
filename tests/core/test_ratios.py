"""One format for every percentage (issue 15): "100,0 %" with a non-breaking space before the
sign, so "%" never starts a line on a phone, and its numerator and denominator beside it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from assignments import services
from core.ratio import Ratio
from tests.factories import CadreFactory
from tests.html import by_testid

pytestmark = pytest.mark.django_db


def test_the_label_puts_a_non_breaking_space_before_the_sign():
    with translation.override("vi"):
        assert Ratio(724, 724).percent_label() == "100,0\u00a0%"
        assert Ratio(709, 724).percent_label() == "97,9\u00a0%"
    with translation.override("en"):
        assert Ratio(709, 724).percent_label() == "97.9\u00a0%"


def test_the_coverage_page_shows_a_full_ratio_with_its_counts_and_a_non_breaking_space(
    client, staff, commune_a
):
    services.assignment_create(
        cadre=CadreFactory(),
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1250-QĐ/TU",
        decision_date=date(2025, 6, 30),
    )
    client.force_login(staff)
    page = client.get(reverse("assignments:dashboard"), {"on": "01/01/2026"}).content.decode()
    headline = by_testid(page, "headline")
    assert headline.text.startswith("1/1 ")
    assert "100,0\u00a0%" in page
    assert "100,0 %" not in page  # never a plain space a line could break at
