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
        rendered = Template("{% load humanize %}{{ d }}|{{ n|intcomma }}|{{ x }}|{{ pk }}").render(
            Context({"d": date(2025, 3, 5), "n": 1234567, "x": 97.9, "pk": 1234})
        )
    # Counts are grouped by three with dots, decimals take a comma; ids stay plain for links.
    assert rendered == "05/03/2025|1.234.567|97,9|1234"


def test_a_ratio_prints_its_grouped_parts_and_a_computed_percentage():
    from core.ratio import Ratio

    with translation.override("vi"):
        assert str(Ratio(3321, 3321)) == "3.321/3.321"
        assert Ratio(709, 724).percent_label() == "97,9\u00a0%"  # not the 99.55 % once printed
        assert Ratio(0, 0).percent_label() == "—"


def test_a_date_field_shows_its_value_and_hint_as_the_language_writes_dates():
    from core.widgets import DATE_WIDGET

    class Form(forms.Form):
        day = forms.DateField(widget=DATE_WIDGET)

    with translation.override("vi"):
        html = str(Form(initial={"day": date(2025, 3, 5)})["day"])
    assert 'value="05/03/2025"' in html and 'placeholder="dd/mm/yyyy"' in html
    with translation.override("en"):
        html = str(Form(initial={"day": date(2025, 3, 5)})["day"])
    assert 'value="2025-03-05"' in html and 'placeholder="yyyy-mm-dd"' in html
