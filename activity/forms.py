from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Cadre, Commune
from core.forms import CHOOSE, form_helper, label_empty_choices
from core.uploads import ACCEPT
from core.widgets import DATE_WIDGET, FileWidget
from hamlets.models import CommuneMember, PartyCell

from .models import ActivityYear, Proposal, Visit, WorkingGroup


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(
        label=_("or attach a file (PDF, Word, PNG or JPEG image, at most 10 MB)"),
        required=False,
        widget=FileWidget(attrs={"accept": ACCEPT}),
    )


class VisitForm(forms.Form):
    commune = forms.ChoiceField(label=_("Commune"))
    day = forms.DateField(label=_("Date of the visit"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Kind"), choices=Visit.Kind.choices)
    cell = forms.ChoiceField(
        label=_("Party cell"),
        required=False,
        help_text=_("For a Party cell meeting: the cell whose meeting you attended."),
    )
    content = forms.CharField(
        label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    problems = forms.CharField(
        label=_("Problems found"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = {str(c.pk): c for c in communes}
        self.fields["commune"].choices = [(pk, c.name) for pk, c in self.communes.items()]
        self.fields["day"].initial = timezone.localdate()
        # The cells of the communes the cadre follows; one of another commune is refused by
        # visit_log, any other id by the choices.
        cells = PartyCell.objects.filter(commune__in=list(self.communes.values())).select_related(
            "commune"
        )
        several = len(self.communes) > 1
        self.cells = {str(c.pk): c for c in cells}
        self.fields["cell"].choices = [("", CHOOSE)] + [
            (pk, f"{c.name} ({c.commune.name})" if several else c.name)
            for pk, c in self.cells.items()
        ]

    def clean_commune(self):
        return self.communes[self.cleaned_data["commune"]]

    def clean_cell(self):
        return self.cells.get(self.cleaned_data["cell"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Visit.Kind.CELL and not data.get("cell"):
            self.add_error("cell", _("Name the Party cell whose meeting was attended."))
        return data


class ProposalForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(
        label=_("Content"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Proposal.Status.choices)
    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActivityYearForm(forms.ModelForm):
    class Meta:
        model = ActivityYear
        fields = [
            "plan_deadline",
            "half_year_deadline",
            "annual_deadline",
            "min_visits",
            "min_meetings",
            "min_cell_meetings_province",
            "min_cell_meetings_commune",
        ]
        widgets = {
            "plan_deadline": DATE_WIDGET,
            "half_year_deadline": DATE_WIDGET,
            "annual_deadline": DATE_WIDGET,
        }


class MemberMeetingForm(forms.Form):
    """A commune member's Party cell meeting, logged by the commune account: its own members
    and cells only (any other id is not a choice)."""

    member = forms.ModelChoiceField(
        label=_("Commune member"), queryset=CommuneMember.objects.none()
    )
    cell = forms.ModelChoiceField(label=_("Party cell"), queryset=PartyCell.objects.none())
    day = forms.DateField(label=_("Date of the meeting"), widget=DATE_WIDGET)
    content = forms.CharField(
        label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = CommuneMember.objects.filter(commune=commune)
        self.fields["cell"].queryset = PartyCell.objects.filter(commune=commune)
        self.fields["day"].initial = timezone.localdate()
        label_empty_choices(self.fields)
        self.helper = form_helper(_("Save"))


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "leader",
            "members",
            "communes",
            "decision_number",
            "decision_date",
            "start_date",
            "end_date",
            "purpose",
        ]
        widgets = {
            "decision_date": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "members": forms.SelectMultiple(attrs={"size": 8}),
            "communes": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Working groups gather agency leaders; a commune's own cadre is not among them.
        cadres = (
            Cadre.objects.in_office().of_agencies().select_related("agency").order_by("search_name")
        )
        self.fields["leader"].queryset = cadres
        self.fields["members"].queryset = cadres
        self.fields["communes"].queryset = Commune.objects.order_by("name")
        label_empty_choices(self.fields)
        self.helper = form_helper(_("Save"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        decision = data.get("decision_date")
        if decision and start and start < decision:
            self.add_error("start_date", _("The group cannot start before its decision."))
        return data


class GroupVisitForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    day = forms.DateField(label=_("Date of the visit"), widget=DATE_WIDGET)
    content = forms.CharField(
        label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = group.communes.order_by("name")
        self.fields["day"].initial = timezone.localdate()
        label_empty_choices(self.fields)
        self.helper = form_helper(_("Log the visit"))
