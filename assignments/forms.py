from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.imports import check_xlsx_file

from . import text
from .imports import IMPORT_SPECS
from .models import Agency, Cadre, CadreStatusChange, Commune, District

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


def _helper(submit_label):
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label, css_class="btn-danger"))
    return helper


class CommuneForm(forms.ModelForm):
    class Meta:
        model = Commune
        fields = [
            "code",
            "name",
            "kind",
            "province",
            "district",
            "valid_from",
            "valid_to",
            "secretary_name",
            "phone",
            "email",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.select_related("province")
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(
                Column("code", css_class="col-md-3"),
                Column("name", css_class="col-md-6"),
                Column("kind", css_class="col-md-3"),
            ),
            Row(Column("province", css_class="col-md-6"), Column("district", css_class="col-md-6")),
            Row(
                Column("valid_from", css_class="col-md-3"), Column("valid_to", css_class="col-md-3")
            ),
            Row(
                Column("secretary_name", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
            ),
        )

    def clean_code(self):
        code = text.clean(self.cleaned_data["code"])
        if not code.isdigit():
            raise forms.ValidationError(_("A code has digits only."))
        return code

    def clean(self):
        data = super().clean()
        code, start, end = data.get("code"), data.get("valid_from"), data.get("valid_to")
        if start and end and start > end:
            self.add_error("valid_to", _("The end of validity is before its start."))
            return data
        district = data.get("district")
        if district and data.get("province") and district.province_id != data["province"].pk:
            self.add_error("district", _("This district is not in the chosen province."))
        if code:
            clash = Commune.objects.filter(code=code).exclude(pk=self.instance.pk)
            clash = [c for c in clash if _overlap(c.valid_from, c.valid_to, start, end)]
            if clash:
                self.add_error(
                    "code",
                    _("Code %(code)s already belongs to «%(name)s» in an overlapping period.")
                    % {"code": code, "name": clash[0].name},
                )
        return data


def _overlap(a_from, a_to, b_from, b_to):
    import datetime

    lo, hi = datetime.date.min, datetime.date.max
    return (a_from or lo) <= (b_to or hi) and (b_from or lo) <= (a_to or hi)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "leader_quota"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean_name(self):
        name = text.clean(self.cleaned_data["name"])
        same = Agency.objects.filter(key=text.name_key(name)).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("This agency is already in the list."))
        return name


class CadreForm(forms.ModelForm):
    class Meta:
        model = Cadre
        fields = ["full_name", "position", "agency", "date_of_birth", "gender", "phone", "email"]
        widgets = {"date_of_birth": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(
                Column("full_name", css_class="col-md-6"), Column("position", css_class="col-md-6")
            ),
            Row(
                Column("agency", css_class="col-md-6"),
                Column("date_of_birth", css_class="col-md-3"),
                Column("gender", css_class="col-md-3"),
            ),
            Row(Column("phone", css_class="col-md-6"), Column("email", css_class="col-md-6")),
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born.year < 1940 or born > today.replace(year=today.year - 18):
            raise forms.ValidationError(_("This is not a plausible date of birth."))
        return born

    def clean(self):
        data = super().clean()
        if data.get("full_name") and data.get("agency") and data.get("date_of_birth"):
            same = Cadre.objects.filter(
                name_key=text.name_key(data["full_name"]),
                agency=data["agency"],
                date_of_birth=data["date_of_birth"],
            ).exclude(pk=self.instance.pk)
            if same.exists():
                raise forms.ValidationError(
                    _("This agency already has a cadre with this name and date of birth.")
                )
        return data


class CadreStatusForm(forms.ModelForm):
    class Meta:
        model = CadreStatusChange
        fields = ["status", "effective_on", "note"]
        widgets = {"effective_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the change"))
        self.fields["effective_on"].initial = timezone.localdate()


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of list"),
        choices=[(kind, spec.title) for kind, spec in IMPORT_SPECS.items()],
    )
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Check the file"))

    def clean_file(self):
        from core.imports import ImportFileError

        uploaded = self.cleaned_data["file"]
        try:
            check_xlsx_file(uploaded)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return uploaded
