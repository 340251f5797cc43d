from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import text
from core.forms import form_helper, label_empty_choices
from core.imports import check_xlsx_file
from core.widgets import DATE_WIDGET, FileWidget

from .imports import IMPORT_SPECS
from .models import Agency, Assignment, Cadre, CadreStatusChange, Commune, District

CHOOSE_COMMUNE = _("— Choose a commune —")
CHOOSE_CADRE = _("— Choose a cadre —")
CHOOSE_AGENCY = _("— Choose an agency —")


def _helper(submit_label):
    return form_helper(submit_label)


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
        label_empty_choices(self.fields)
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

    def clean_name(self):
        # Stored in NFC, which can be longer than what was typed: the model checks the length
        # of what will be stored.
        return text.clean(self.cleaned_data["name"])

    # The code's form, the order of the validity dates, the district's province and the code's
    # uniqueness on any date are the model's rules (Commune.clean, validate_constraints), run
    # by ModelForm's validation: the import says the same.


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "leader_quota"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields)
        self.helper = _helper(_("Save"))

    def clean_name(self):
        name = text.clean(self.cleaned_data["name"])
        same = Agency.objects.filter(key=text.name_key(name)).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("This agency is already in the list."))
        return name


class CadreForm(forms.ModelForm):
    """A cadre of an agency, or of a commune (its Party secretary): one of the two, which
    Cadre.clean checks so that the import says it alike."""

    class Meta:
        model = Cadre
        fields = [
            "full_name",
            "position",
            "agency",
            "commune",
            "date_of_birth",
            "gender",
            "phone",
            "email",
            "standing_board",
        ]
        widgets = {"date_of_birth": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .figures import communes_on

        # Communes in force today, and the one the cadre already belongs to (an earlier map).
        current = Q(pk__in=communes_on(timezone.localdate()).values("pk"))
        if self.instance.commune_id:
            current |= Q(pk=self.instance.commune_id)
        commune = self.fields["commune"]
        commune.queryset = (
            Commune.objects.filter(current).select_related("district").order_by("search_name")
        )
        commune.label_from_instance = _commune_label
        commune.widget.attrs["data-picker"] = "1"
        commune.help_text = _(
            "Only for a commune's cadre (its Party secretary): leave the agency empty."
        )
        self.fields["agency"].required = False
        label_empty_choices(self.fields, {"agency": CHOOSE_AGENCY, "commune": CHOOSE_COMMUNE})
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(
                Column("full_name", css_class="col-md-6"), Column("position", css_class="col-md-6")
            ),
            Row(Column("agency", css_class="col-md-6"), Column("commune", css_class="col-md-6")),
            Row(
                Column("date_of_birth", css_class="col-md-3"),
                Column("gender", css_class="col-md-3"),
            ),
            Row(Column("phone", css_class="col-md-6"), Column("email", css_class="col-md-6")),
            "standing_board",
        )

    def clean_full_name(self):
        return text.clean(self.cleaned_data["full_name"])  # as stored: see CommuneForm

    def clean(self):
        data = super().clean()
        unit = data.get("agency") or data.get("commune")
        if data.get("full_name") and unit and data.get("date_of_birth"):
            field = "agency" if data.get("agency") else "commune"
            same = Cadre.objects.filter(
                name_key=text.name_key(data["full_name"]),
                date_of_birth=data["date_of_birth"],
                **{field: unit},
            ).exclude(pk=self.instance.pk)
            if same.exists():
                raise forms.ValidationError(
                    _("This agency already has a cadre with this name and date of birth.")
                    if field == "agency"
                    else _("This commune already has a cadre with this name and date of birth.")
                )
        return data


class CadreStatusForm(forms.ModelForm):
    class Meta:
        model = CadreStatusChange
        fields = ["status", "effective_on", "note"]
        widgets = {"effective_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields)
        self.helper = _helper(_("Record the change"))
        self.fields["effective_on"].initial = timezone.localdate()


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of list"),
        choices=[(kind, spec.title) for kind, spec in IMPORT_SPECS.items()],
    )
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=FileWidget(attrs={"accept": ".xlsx"}),
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


class GroupedModelChoiceField(forms.ChoiceField):
    """A model choice whose options come in groups (free ones first); cleans to the instance."""

    def __init__(self, queryset, groups, *args, empty_label, **kwargs):
        self.queryset = queryset
        super().__init__(*args, choices=[("", empty_label), *groups], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(pk=value)
        except (ValueError, self.queryset.model.DoesNotExist) as exc:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from exc


def _commune_label(commune):
    where = f" – {commune.district.name}" if commune.district_id else ""
    return f"{commune.name}{where} ({commune.code})"


def _cadre_label(cadre):
    return f"{cadre.full_name} – {cadre.position}, {cadre.unit_name}"


def commune_picker(day, required=True):
    """Communes in force on `day`, those without a cadre first."""
    from .figures import communes_on, uncovered_communes

    free = list(uncovered_communes(day))
    free_ids = {c.pk for c in free}
    taken = [
        c
        for c in communes_on(day).select_related("district").order_by("search_name")
        if c.pk not in free_ids
    ]
    groups = [
        (_("Without a cadre"), [(c.pk, _commune_label(c)) for c in free]),
        (_("Already followed"), [(c.pk, _commune_label(c)) for c in taken]),
    ]
    return GroupedModelChoiceField(
        Commune.objects.all(),
        groups,
        empty_label=CHOOSE_COMMUNE,
        label=_("Commune"),
        required=required,
        widget=forms.Select(attrs={"data-picker": "1"}),
    )


def cadre_picker(day, required=True):
    """Cadres in office, those who follow no commune on `day` first."""
    from .models import Assignment

    busy = set(Assignment.objects.active_on(day).values_list("cadre_id", flat=True))
    # Only agency leaders follow communes: a commune's own cadre is never offered.
    cadres = list(
        Cadre.objects.in_office().of_agencies().select_related("agency").order_by("search_name")
    )
    groups = [
        (_("Following no commune"), [(c.pk, _cadre_label(c)) for c in cadres if c.pk not in busy]),
        (
            _("Already following a commune"),
            [(c.pk, _cadre_label(c)) for c in cadres if c.pk in busy],
        ),
    ]
    return GroupedModelChoiceField(
        Cadre.objects.all(),
        groups,
        empty_label=CHOOSE_CADRE,
        label=_("Cadre"),
        required=required,
        widget=forms.Select(attrs={"data-picker": "1"}),
    )


class DecisionFields(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "125-QĐ/TU"}),
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    start_date = forms.DateField(label=_("Follows from"), widget=DATE_WIDGET)
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        required=False,
        max_length=500,
        help_text=_(
            "Only if the cadre already follows another commune: why a second one, for how long."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    # The rules of an assignment (dates in order, the commune in force and free, one commune a
    # cadre) are Assignment.clean's, run by the service: the view shows its refusal here.


class AssignmentForm(DecisionFields):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"commune": commune_picker(day), "cadre": cadre_picker(day), **self.fields}
        self.fields["start_date"].initial = day
        self.helper = _helper(_("Assign"))


class ReassignForm(DecisionFields):
    """Hand the commune of `current` (an assignment) over to another cadre."""

    def __init__(self, *args, day, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields = {"cadre": cadre_picker(day), **self.fields}
        self.fields["cadre"].label = _("New cadre")
        self.fields["start_date"].initial = day
        self.helper = _helper(_("Reassign"))

    def clean_cadre(self):
        cadre = self.cleaned_data["cadre"]
        if cadre == self.current.cadre:  # what this form is for: someone else
            raise forms.ValidationError(_("This cadre already follows this commune."))
        return cadre


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day followed"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(label=_("Reason"), choices=Assignment.EndReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()
        self.helper = _helper(_("End the assignment"))
