"""Forms of the commune's own pages. They validate and convert what was typed; the rules are the
services' and the models' (hamlets/services.py), whose refusals the views show beside the
field they name."""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper, label_empty_choices
from core.widgets import DATE_WIDGET

from .models import CommuneMember, Hamlet, HamletAssignment, PartyCell


class CellForm(forms.ModelForm):
    class Meta:
        model = PartyCell
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the Party cell")
        self.fields["name"].widget.attrs["placeholder"] = "Chi bộ thôn Đồng Tâm"
        self.helper = form_helper(_("Save"))

    def _post_clean(self):
        """Model validation is the service's (cell_create, cell_update), with its own words."""

    def validate_unique(self):
        pass


class HamletForm(forms.ModelForm):
    class Meta:
        model = Hamlet
        fields = [
            "code",
            "name",
            "kind",
            "households",
            "self_managed_groups",
            "cell",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = PartyCell.objects.filter(commune=commune)
        label_empty_choices(self.fields, {"cell": _("— No Party cell —")})
        self.helper = form_helper(_("Save"))
        self.helper.layout = Layout(
            Row(
                Column("code", css_class="col-md-3"),
                Column("name", css_class="col-md-6"),
                Column("kind", css_class="col-md-3"),
            ),
            Row(
                Column("households", css_class="col-md-3"),
                Column("self_managed_groups", css_class="col-md-3"),
                Column("cell", css_class="col-md-6"),
            ),
            Row(
                Column("valid_from", css_class="col-md-3"),
                Column("valid_to", css_class="col-md-3"),
            ),
        )

    def _post_clean(self):
        """Model validation is the service's (hamlet_create, hamlet_update), which sees the
        commune and says each rule in its own words."""

    def validate_unique(self):
        pass


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommuneMember
        fields = ["full_name", "date_of_birth", "position", "title", "left_on"]
        widgets = {"date_of_birth": DATE_WIDGET, "left_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields)
        self.fields["left_on"].help_text = _(
            "The day the member left the committee or the commune's staff, if they did."
        )
        self.helper = form_helper(_("Save"))
        self.helper.layout = Layout(
            Row(
                Column("full_name", css_class="col-md-6"),
                Column("date_of_birth", css_class="col-md-3"),
            ),
            Row(Column("position", css_class="col-md-6"), Column("title", css_class="col-md-6")),
            Row(Column("left_on", css_class="col-md-3")),
        )

    def _post_clean(self):
        """Model validation is the service's (member_create, member_update)."""

    def validate_unique(self):
        pass


class GroupedChoiceField(forms.ChoiceField):
    """A choice among `queryset`'s rows, offered in groups; cleans to the row."""

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


def _member_label(member):
    title = member.title or member.get_position_display()
    return f"{member.full_name} – {title}"


def member_picker(commune, day):
    """The commune's members still serving, those who follow no hamlet on `day` first."""
    members = list(CommuneMember.objects.filter(commune=commune).serving_on(day))
    busy = set(
        HamletAssignment.objects.active_on(day)
        .filter(member__commune=commune)
        .values_list("member_id", flat=True)
    )
    groups = [
        (_("Following no hamlet"), [(m.pk, _member_label(m)) for m in members if m.pk not in busy]),
        (
            _("Already following a hamlet"),
            [(m.pk, _member_label(m)) for m in members if m.pk in busy],
        ),
    ]
    return GroupedChoiceField(
        CommuneMember.objects.filter(commune=commune),
        groups,
        empty_label=_("— Choose a member —"),
        label=_("Commune member"),
        widget=forms.Select(attrs={"data-picker": "1"}),
    ), busy


def hamlet_picker(commune, day):
    """The commune's hamlets in force on `day`, those no one follows first."""
    hamlets = list(Hamlet.objects.filter(commune=commune).valid_on(day))
    followed = set(
        HamletAssignment.objects.active_on(day)
        .filter(hamlet__commune=commune)
        .values_list("hamlet_id", flat=True)
    )
    groups = [
        (_("No one follows it"), [(h.pk, h.name) for h in hamlets if h.pk not in followed]),
        (_("Already followed"), [(h.pk, h.name) for h in hamlets if h.pk in followed]),
    ]
    return GroupedChoiceField(
        Hamlet.objects.filter(commune=commune),
        groups,
        empty_label=_("— Choose a hamlet —"),
        label=_("Hamlet"),
        widget=forms.Select(attrs={"data-picker": "1"}),
    )


class AssignmentForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "15-QĐ/ĐU"}),
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    start_date = forms.DateField(label=_("Follows from"), widget=DATE_WIDGET)
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        required=False,
        max_length=500,
        help_text=_(
            "Only if the member already follows another hamlet: why a second one, for how long."
        ),
    )

    def __init__(self, *args, commune, day, **kwargs):
        super().__init__(*args, **kwargs)
        member, self.busy_members = member_picker(commune, day)
        self.fields = {"member": member, "hamlet": hamlet_picker(commune, day), **self.fields}
        self.fields["start_date"].initial = day
        self.helper = form_helper(_("Assign"))
        self.helper.form_tag = False

    def needs_exception_reason(self):
        """Show the exception's reason when the chosen member already follows a hamlet, when
        one was typed, or when it was refused."""
        chosen = self["member"].value()
        return bool(
            self["exception_reason"].value()
            or self.errors.get("exception_reason")
            or (chosen and str(chosen).isdigit() and int(chosen) in self.busy_members)
        )


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day followed"), widget=DATE_WIDGET)
    reason = forms.ChoiceField(label=_("Reason"), choices=HamletAssignment.EndReason.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()
        self.helper = form_helper(_("End the assignment"))
