"""The field templates write the plain inputs and text areas themselves (quicker than Django's
widget templates), byte for byte as Django would, whatever the value holds."""

import pytest
from django import forms

from core.templatetags.fields import field, render_widget
from core.widgets import DATE_WIDGET

ODD = 'Đảng ủy "xã" <b>A</b> & B\'s'


class Sample(forms.Form):
    name = forms.CharField(label="Tên", help_text="Họ và tên", max_length=20)
    visits = forms.IntegerField(label="Số lượt", required=False, min_value=0)
    notes = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 3}))
    signed_on = forms.DateField(label="Ngày ký", widget=DATE_WIDGET, required=False)
    email = forms.EmailField(label="Thư", required=False, disabled=True)
    version = forms.IntegerField(widget=forms.HiddenInput)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": ODD, "visits": "-1", "notes": ODD, "signed_on": "31/02/2026", "version": "x"},
        {"name": "A", "visits": "3", "notes": "", "signed_on": "20/11/2026", "version": "2"},
    ],
)
def test_it_writes_each_widget_exactly_as_django_does(data):
    form = Sample(data, initial={"name": ODD, "notes": "\nđầu dòng"})
    form.is_valid()
    for bound in form:
        for attrs in ({}, {"class": "form-control is-invalid", "aria-invalid": "true"}):
            assert render_widget(bound, attrs) == bound.as_widget(attrs=attrs), bound.name


def test_a_field_shows_its_label_help_and_value_in_one_piece():
    html = field(Sample(initial={"name": ODD})["name"])
    assert '<label class="form-label" for="id_name">Tên' in html
    assert 'value="Đảng ủy &quot;xã&quot; &lt;b&gt;A&lt;/b&gt; &amp; B&#x27;s"' in html
    assert 'aria-describedby="id_name_help"' in html
