"""The access log as an Excel file: when each entry happened, as a date and time Excel can
sort and filter, and the number of rows as a number."""

from datetime import datetime

import pytest
from django.urls import reverse

from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db


def test_the_access_log_export_writes_its_times_as_dates(client, staff, leader):
    client.force_login(leader)
    client.get(reverse("registry:cadre_list"))  # a list of people read: one entry
    client.force_login(staff)
    header, *rows = downloaded_rows(client.get(reverse("access_log"), {"format": "xlsx"}))
    assert header[0] == "Thời điểm" and header[6] == "Số dòng"
    when, rows_read = rows[-1][0], rows[-1][6]
    assert isinstance(when, datetime) and isinstance(rows_read, int)


def test_an_empty_access_log_export_says_why(client, staff):
    client.force_login(staff)
    rows = downloaded_rows(client.get(reverse("access_log"), {"format": "xlsx", "q": "không ai"}))
    assert rows[1][0] == "Không có lượt truy cập nào phù hợp với điều kiện lọc."
