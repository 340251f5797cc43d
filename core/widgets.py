"""Form widgets every app uses."""

from django import forms
from django.utils import formats

_PLACEHOLDER = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy"}


class DateWidget(forms.DateInput):
    """A date typed and shown in the active language's first input format (the `vi` format
    module, config/formats/vi: dd/mm/yyyy), with that format as the placeholder."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = formats.get_format("DATE_INPUT_FORMATS")[0]
        for directive, letters in _PLACEHOLDER.items():
            shown = shown.replace(directive, letters)
        context["widget"]["attrs"].setdefault("placeholder", shown)
        return context


DATE_WIDGET = DateWidget()
