from datetime import date

from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_it_reads_dates_typed_the_vietnamese_way():
    with translation.override("vi"):
        christmas = DateForm({"day": "25/12/2025"})
        march = DateForm({"day": "05/03/2025"})
        iso = DateForm({"day": "2025-03-05"})
        assert christmas.is_valid() and christmas.cleaned_data["day"] == date(2025, 12, 25)
        assert march.is_valid() and march.cleaned_data["day"] == date(2025, 3, 5)
        assert iso.is_valid() and iso.cleaned_data["day"] == date(2025, 3, 5)


def test_it_prints_dates_and_numbers_the_vietnamese_way():
    with translation.override("vi"):
        rendered = Template("{{ d }}|{{ n }}|{{ x }}").render(
            Context({"d": date(2025, 3, 5), "n": 1234567, "x": 97.9})
        )
    assert rendered == "05/03/2025|1.234.567|97,9"
