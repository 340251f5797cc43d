"""Form widgets every app uses."""

from django import forms
from django.template.loader import render_to_string
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


class FileWidget(forms.FileInput):
    """A file input in the page's language: the browser's own button ("Choose File", "No file
    chosen", in the browser's language whatever the page's) is hidden but still focusable and
    sent; a label styled as a button opens it, and a line beside says which file is chosen
    (static/js/app.js updates it). Crispy renders it through templates/bootstrap5/layout/
    field_file.html, the project's own forms through core.templatetags.fields."""

    template_name = "fields/file_input.html"
    renders_own_input = True  # no "form-control" from templates/fields (core.templatetags.fields)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        name_id = f"{widget_attrs.get('id', name)}_chosen"
        classes = widget_attrs.get("class", "").replace("form-control", "").split()
        widget_attrs["class"] = " ".join(["visually-hidden", "file-picker-input", *classes])
        described = widget_attrs.get("aria-describedby", "")
        widget_attrs["aria-describedby"] = f"{described} {name_id}".strip()
        context["widget"]["chosen_id"] = name_id
        context["widget"]["invalid"] = widget_attrs.get("aria-invalid") == "true"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (with {% icon %}), not the form renderer's own.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))
