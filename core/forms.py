from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation

# Empty choices say what they are for (issue 15): "— Tất cả —" in a filter, "— Chọn xã —" in a
# form; Django's "---------" (ModelChoiceField.empty_label, BLANK_CHOICE_DASH) never shows.
ALL = _("— All —")
CHOOSE = _("— Choose —")
DJANGO_EMPTY = "---------"


def label_empty_choices(fields, labels=None, default=CHOOSE):
    """Give each select among `fields` (a form's or a filter's) the empty choice `labels[name]`,
    else `default`, in place of Django's "---------". A select with no empty choice keeps none;
    one whose empty choice already says something ("as computed") keeps it."""
    labels = labels or {}
    for name, field in fields.items():
        label = labels.get(name, default)
        if getattr(field, "empty_label", None) is not None:  # model choices, django-filter's
            field.empty_label = label
            field.widget.choices = field.choices  # the widget's may be bound to the class's field
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            blank = choices[0][1] if choices and choices[0][0] == "" else None
            if blank in ("", DJANGO_EMPTY) or blank is CHOOSE:  # CHOOSE: see library_strings
                field.choices = [("", label), *choices[1:]]


def form_helper(submit_label=None, css_class="btn-danger"):
    """A crispy helper for a staff form: `novalidate`, so every message is the server's
    Vietnamese one and never the browser's English bubble; one submit button if named."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    if submit_label:
        helper.add_input(Submit("submit", submit_label, css_class=css_class))
    return helper


class OrganisationForm(forms.ModelForm):
    """The set-up page: the names and the signature block every report prints."""

    class Meta:
        model = Organisation
        fields = [
            "party_committee",
            "department",
            "place_name",
            "document_suffix",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "report_recipients",
        ]
        widgets = {"report_recipients": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Everything a report prints is required here, except the "T/M"/"K/T" line.
        for name in self.Meta.fields:
            self.fields[name].required = name != "signer_on_behalf"
        self.helper = form_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("The issuing body, as printed top left"),
                Row(
                    Column("party_committee", css_class="col-md-6"),
                    Column("department", css_class="col-md-6"),
                ),
                Row(
                    Column("place_name", css_class="col-md-6"),
                    Column("document_suffix", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Who signs, bottom right"),
                Row(
                    Column("signer_on_behalf", css_class="col-md-4"),
                    Column("signer_title", css_class="col-md-4"),
                    Column("signer_name", css_class="col-md-4"),
                ),
            ),
            "report_recipients",
        )
        self.helper.add_input(Submit("submit", _("Save the set-up"), css_class="btn-danger"))

    def clean_document_suffix(self):
        # "Số 127-BC/BTCTU": the number and the suffix are joined by one hyphen.
        return self.cleaned_data["document_suffix"].strip().lstrip("-").strip()
