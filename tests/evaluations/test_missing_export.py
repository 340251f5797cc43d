"""The missing-forms list as an Excel file, sent to whoever chases the communes: counts as
numbers with their total, the deadline as a date, a district column only in years that had
districts, and a line saying why when no commune is listed."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from evaluations import services
from tests.accounts.old_map import old_commune
from tests.evaluations.conftest import complete_data
from tests.factories import AssignmentFactory, CadreFactory
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db


def _url(year):
    return reverse("evaluations:missing", args=[year])


def test_its_counts_are_numbers_with_a_total_and_its_deadline_a_date(
    form_a, form_b, leader, client
):
    client.force_login(leader)
    response = client.get(_url(2026), {"format": "xlsx"})
    downloaded_rows(response)  # an Excel attachment
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert "Huyện" not in header  # 2026: the map has no districts
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I3"  # the header and the two communes
    missing, expected, deadline = (
        header.index(h) for h in ("Phiếu còn thiếu", "Phiếu phải nộp", "Hạn nộp")
    )
    row = sheet[2]
    assert isinstance(row[missing].value, int) and isinstance(row[expected].value, int)
    assert isinstance(row[deadline].value, datetime)
    assert row[deadline].number_format == "DD/MM/YYYY"
    totals = [c.value for c in sheet[4]]
    assert (totals[0], totals[missing], totals[expected]) == ("Tổng cộng", 2, 2)


def test_a_round_where_every_form_is_in_says_so_instead_of_an_empty_sheet(
    form_a, form_b, commune_a_user, commune_b_user, leader, client
):
    for form, user in ((form_a, commune_a_user), (form_b, commune_b_user)):
        services.form_save(form=form, data=complete_data(form), version=0, user=user, submit=True)
    client.force_login(leader)
    rows = downloaded_rows(client.get(_url(2026), {"format": "xlsx"}))
    assert rows[1][0] == "Không có xã, phường nào còn nợ phiếu."
    assert len(rows) == 2
    searched = downloaded_rows(client.get(_url(2026), {"format": "xlsx", "q": "Mường"}))
    assert searched[1][0] == "Không có xã, phường nào phù hợp với «Mường»."


def test_a_year_with_districts_lists_the_district(staff, leader, client):
    commune = old_commune("05000", "Xã Mãn Đức")  # Huyện Tân Lạc, before 1/7/2025
    AssignmentFactory(
        commune=commune,
        cadre=CadreFactory(),
        start_date=date(2023, 1, 1),
        decision_date=date(2023, 1, 1),
        end_date=date(2025, 6, 30),
        end_reason="reassigned",
    )
    with freeze_time("2024-11-20"):
        evaluation_round = services.round_create(
            year=2024, opens_on=date(2024, 11, 15), deadline=date(2024, 12, 15)
        )
        services.round_open(evaluation_round=evaluation_round)
    client.force_login(leader)
    header, row, _totals = downloaded_rows(client.get(_url(2024), {"format": "xlsx"}))
    assert header[:4] == ("STT", "Mã xã", "Xã, phường", "Huyện")
    assert row[:4] == (1, "05000", "Xã Mãn Đức", "Huyện Tân Lạc")
