"""Dates are written dd/mm/yyyy, from the vi format module, whatever the active language: on
pages (the `ddmmyyyy` filter), in messages and files (core.formats)."""

from datetime import date, datetime

from django.template import Context, Template
from django.utils import translation

from core.formats import date_input_formats, ddmmyyyy, ddmmyyyy_hhmm


def test_it_writes_a_date_as_dd_mm_yyyy_even_in_english():
    with translation.override("en"):
        assert ddmmyyyy(date(2025, 3, 5)) == "05/03/2025"
        assert ddmmyyyy_hhmm(datetime(2025, 12, 25, 8, 30)) == "08:30 25/12/2025"  # noqa: DTZ001
        page = Template("{% load ui %}{{ day|ddmmyyyy }}").render(
            Context({"day": date(2025, 3, 5)})
        )
    assert page == "05/03/2025"


def test_it_writes_nothing_for_no_date():
    assert ddmmyyyy(None) == "" and ddmmyyyy_hhmm(None) == ""


def test_it_reads_dates_as_the_forms_do():
    assert date_input_formats()[0] == "%d/%m/%Y" and "%Y-%m-%d" in date_input_formats()
