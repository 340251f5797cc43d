from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import Level

CHOICE = [("", _("as computed")), ("yes", _("Yes")), ("no", _("No"))]


class OverrideForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Completion level"),
        required=False,
        choices=[("", _("as computed")), *Level.choices],
    )
    commendation = forms.TypedChoiceField(
        label=_("Commendation"),
        required=False,
        choices=CHOICE,
        empty_value=None,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
    )
    replacement = forms.TypedChoiceField(
        label=_("Replacement"),
        required=False,
        choices=CHOICE,
        empty_value=None,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
