"""The field templates write the plain inputs and text areas themselves (quicker than Django's
widget templates), byte for byte as Django would, whatever the value holds."""

import pytest
from django import forms
from django.utils import translation

from core.templatetags.fields import field, render_widget
from core.templatetags.icons import icon
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


class Pinned(forms.Form):
    name = forms.CharField(label="Tên <b>", help_text="Họ & tên", max_length=30)
    level = forms.ChoiceField(
        label="Mức", choices=[("a", "A & B"), ("b", "C")], widget=forms.RadioSelect
    )
    agreed = forms.BooleanField(label="Đồng ý", required=False)


def test_it_writes_a_field_with_its_error_byte_for_byte_as_its_template_did():
    """The markup the e2e and accessibility tests rely on, pinned: a field with its required
    mark, help, error (linked by aria-describedby) and widget, written in Python since the
    template per field went (issue 16)."""
    form = Pinned({"name": "abcd", "level": "b"})
    form.is_valid()
    form.add_error("name", "Quá <dài>")
    with translation.override("vi"):
        html = field(form["name"])
    warning = icon("exclamation-circle")
    assert html == (
        '<div class="field mb-3 field-invalid" id="id_name_field">\n'
        '  <label class="form-label" for="id_name">Tên &lt;b&gt; <span class="field-required" '
        'aria-hidden="true">*</span><span class="visually-hidden"> (bắt buộc)</span></label>\n'
        '  <div class="form-text field-help" id="id_name_help">Họ &amp; tên</div>\n'
        f'<div class="field-error" id="id_name_error"><div>{warning} <span '
        'class="visually-hidden">Lỗi:</span> Quá &lt;dài&gt;</div></div>\n'
        '  <input type="text" name="name" value="abcd" maxlength="30" class="form-control '
        'is-invalid" aria-describedby="id_name_help id_name_error" aria-invalid="true" required '
        'id="id_name">\n'
        "</div>\n"
    )


def test_it_writes_a_list_of_options_and_a_checkbox_as_their_templates_did():
    form = Pinned({"name": "abcd", "level": "b"})
    form.is_valid()
    with translation.override("vi"):
        options, checkbox = field(form["level"], "inline"), field(form["agreed"])
    assert options == (
        '<fieldset class="field mb-3" id="id_level_field">\n'
        '  <legend class="form-label">Mức <span class="field-required" aria-hidden="true">*'
        '</span><span class="visually-hidden"> (bắt buộc)</span></legend>\n'
        "  \n\n"
        '  <div class="choices choices-inline">\n'
        "  \n"
        '    <label class="choice" for="id_level_0"><input class="form-check-input" '
        'type="radio" name="level" value="a" id="id_level_0"> <span>A &amp; B</span></label>\n'
        "  \n"
        '    <label class="choice" for="id_level_1"><input class="form-check-input" '
        'type="radio" name="level" value="b" id="id_level_1" checked> <span>C</span></label>\n'
        "  \n"
        "  </div>\n"
        "</fieldset>\n"
    )
    assert checkbox == (
        '<div class="field mb-3" id="id_agreed_field">\n'
        '  <label class="choice" for="id_agreed"><input type="checkbox" name="agreed" '
        'class="form-check-input" id="id_agreed"> <span>Đồng ý</span></label>\n'
        "  \n\n"
        "</div>\n"
    )
