"""Visits are counted two ways, and every output of the annual summary shows both (DECISIONS):
what the communes state on their forms, and what the cadres logged in their own record (with
how many the commune confirmed). The leaders' page, the PDF and the workbook read them from
one snapshot, so they never disagree."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from activity import services as activity_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_visits(year_2026, hung, lan, commune_a, commune_b):
    """On top of the forms (13 visits and 8 meetings stated), the cadres logged: Hùng a Party
    committee meeting (confirmed) and a working session (not yet confirmed) at commune A; Lan
    a visit that commune B disputes, which does not count."""
    meeting = activity_services.visit_log(
        cadre=hung, commune=commune_a, day=date(2026, 3, 2), kind="committee", content="Dự họp"
    )
    activity_services.visit_review(visit=meeting, confirm=True)
    activity_services.visit_log(
        cadre=hung, commune=commune_a, day=date(2026, 4, 6), kind="working", content="Làm việc"
    )
    disputed = activity_services.visit_log(
        cadre=lan, commune=commune_b, day=date(2026, 5, 4), kind="survey", content="Khảo sát"
    )
    activity_services.visit_review(visit=disputed, confirm=False, note="Không về xã")


def _stat_cards(html):
    """{label: value} of the page's figure cards."""
    value = r'<div class="stat-value"[^>]*>\s*(.*?)\s*</div>'
    label = r'\s*<div class="stat-label">\s*(.*?)\s*</div>'
    pairs = re.findall(value + label, html, flags=re.S)
    return {re.sub(r"\s+", " ", label): value for value, label in pairs}


def _vi(msgid):
    with translation.override("vi"):
        return gettext(msgid)


def test_it_shows_stated_and_logged_visits_on_the_leaders_page(logged_visits, client, leader):
    client.force_login(leader)
    page = client.get(reverse("reports:home"), {"year": 2026}).content.decode()
    cards = _stat_cards(page)
    assert cards[_vi("visits stated on the forms")] == "13"
    assert cards[_vi("meetings stated on the forms")] == "8"
    assert cards[_vi("visits logged by the cadres")] == "2"
    assert cards[_vi("meetings logged by the cadres")] == "1"
    assert cards[_vi("confirmed by the communes")] == "1"


def test_it_writes_stated_and_logged_visits_into_the_workbook(logged_visits, tmp_path):
    out = tmp_path / "so-lieu.xlsx"
    call_command("build_report", "--year", "2026", "--kind", "workbook", "--out", str(out))
    sheet = load_workbook(out)["Tổng hợp"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert figures["Tổng số lượt về cơ sở (xã ghi trong phiếu)"] == 13
    assert figures["Tổng số cuộc họp đã dự (xã ghi trong phiếu)"] == 8
    assert figures["Tổng số lượt về cơ sở (cán bộ ghi trong sổ theo dõi)"] == 2
    assert figures["Tổng số cuộc họp đã dự (cán bộ ghi trong sổ theo dõi)"] == 1
    assert figures["Số lượt về cơ sở được xã xác nhận"] == 1


def _summary_text(tmp_path):
    out = tmp_path / "bc.pdf"
    call_command("build_report", "--year", "2026", "--kind", "summary", "--out", str(out))
    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    return re.sub(r"\s+", " ", text)


def test_it_prints_stated_and_logged_visits_in_the_summary_pdf(logged_visits, tmp_path):
    text = _summary_text(tmp_path)
    assert "đã về cơ sở 13 lượt và dự 8 cuộc họp" in text
    assert (
        "theo sổ theo dõi của cán bộ, đã ghi nhận 2 lượt về cơ sở (1 cuộc họp), "
        "trong đó 1 lượt được xã xác nhận" in text
    )


def test_it_prints_the_logged_visits_in_the_pdf_even_when_the_cadres_logged_none(
    year_2026, tmp_path
):
    text = _summary_text(tmp_path)
    assert "theo sổ theo dõi của cán bộ, đã ghi nhận 0 lượt về cơ sở (0 cuộc họp)" in text
