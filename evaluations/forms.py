from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Commune
from core.forms import form_helper
from core.widgets import DATE_WIDGET

from .models import EvaluationRound, Level
from .services import required_to_submit

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def _from_bool(value):
    return {True: "yes", False: "no"}.get(value, "")


class EvaluationFormForm(forms.Form):
    """The phiếu nhận xét as the commune fills it in: a comment per criterion of the round,
    counts, the completion level, proposals, free text, the signature. Nothing is required to
    save a draft; the submission checks completeness (services.missing_for_submission)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    visits = forms.IntegerField(
        label=_("Visits to the commune (times)"), required=False, min_value=0, max_value=1000
    )
    meetings = forms.IntegerField(
        label=_("Party committee meetings, conferences and cell meetings attended"),
        required=False,
        min_value=0,
        max_value=1000,
    )
    level = forms.ChoiceField(
        label=_("Completion level"), choices=Level.choices, required=False, widget=forms.RadioSelect
    )
    propose_commendation = forms.ChoiceField(
        label=_("Propose commendation"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    propose_replacement = forms.ChoiceField(
        label=_("Propose replacing the cadre"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    replacement_reason = forms.CharField(
        label=_("Reason for replacement"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shortcomings = forms.CharField(
        label=_("Shortcomings"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer_name = forms.CharField(label=_("Signed by (full name)"), required=False, max_length=200)
    signer_title = forms.CharField(label=_("Title"), required=False, max_length=200)
    signed_on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, criteria, instance, **kwargs):
        self.criteria = list(criteria)
        initial = {
            "version": instance.version,
            "visits": instance.visits,
            "meetings": instance.meetings,
            "level": instance.level,
            "propose_commendation": _from_bool(instance.propose_commendation),
            "propose_replacement": _from_bool(instance.propose_replacement),
            "replacement_reason": instance.replacement_reason,
            "strengths": instance.strengths,
            "shortcomings": instance.shortcomings,
            "recommendations": instance.recommendations,
            "signer_name": instance.signer_name or instance.commune.secretary_name,
            "signer_title": instance.signer_title or "Bí thư Đảng ủy",
            "signed_on": instance.signed_on or timezone.localdate(),
        }
        for criterion in self.criteria:
            initial[f"c{criterion.pk}_comment"] = instance.answer(criterion.pk, "comment")
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}_comment"] = forms.CharField(
                label=criterion.title,
                required=False,
                max_length=5000,
                help_text=criterion.guidance,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The page's order (the counts under the criterion that asks for them), so that the
        # error summary lists the errors as the eye meets the fields.
        order = ["version"]
        for criterion in self.criteria:
            order.append(f"c{criterion.pk}_comment")
            if criterion.asks_count:
                order += ["visits", "meetings"]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        # The version is a hidden field: its error would show nowhere and the page would come
        # back as if nothing happened. Only a page sent in part or tampered with lacks it.
        if self.errors.pop("version", None):
            self.add_error(
                None,
                _(
                    "The page was not sent in full. Your text is still below, not saved: copy "
                    "what you need, then reload the page."
                ),
            )
        return data

    @property
    def required_to_submit(self):
        """The fields a submission needs (services.required_to_submit and every criterion's
        comment): their labels carry the required mark (core.templatetags.fields), though a
        draft may leave them empty."""
        needed = required_to_submit(self.criteria)
        return {*needed, *(f"c{c.pk}_comment" for c in self.criteria)}

    def criterion_fields(self):
        """[(criterion, bound comment field)] in order, for the template."""
        return [(c, self[f"c{c.pk}_comment"]) for c in self.criteria]

    def data_for_service(self):
        data = dict(self.cleaned_data)
        data["answers"] = {
            str(c.pk): {"comment": (data.pop(f"c{c.pk}_comment", "") or "").strip()}
            for c in self.criteria
        }
        data["propose_commendation"] = _yes_no(data.get("propose_commendation"))
        data["propose_replacement"] = _yes_no(data.get("propose_replacement"))
        data.pop("version", None)
        return data


class RoundForm(forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["year", "opens_on", "deadline", "late_policy", "min_days"]
        widgets = {"opens_on": DATE_WIDGET, "deadline": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save"))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("The deadline is before the opening date."))
        return data


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=300, required=False)
    guidance = forms.CharField(label=_("Guidance"), max_length=500, required=False)
    asks_count = forms.BooleanField(label=_("Asks for counts"), required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("What needs correcting"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.CharField(
                label=criterion.title, required=False, max_length=1000
            )

    def criterion_comments(self):
        return {str(c.pk): self.cleaned_data.get(f"c{c.pk}", "") for c in self.criteria}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ExtensionForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        empty_label=_("— Choose a commune —"),
        widget=forms.Select(attrs={"data-picker": "1"}),
    )
    deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
