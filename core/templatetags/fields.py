"""The project's own field markup, for the pages communes and cadres use (crispy stays for
staff forms): `{% field form.level %}` and `{% error_summary form %}`. A field is written in
Python, not through a template of its own: a form page shows about twenty (issue 16).

A field renders its label (a "*" and a spoken "(required)" when the field must be filled), its
help text, its error at the field, and its widget tied to both by `aria-describedby`. The error
summary is the GOV.UK pattern: a box at the top of the form listing every error, each a link to
its field. Which fields are required: the field's own `required`, or the form's
`required_to_submit` (a form that saves drafts freely but checks on submission).
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from .icons import icon

register = template.Library()


def _attributes(attrs):
    """django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """django/forms/widgets/input.html, in Python."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def _textarea(widget):
    """django/forms/widgets/textarea.html, in Python."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
        f"{_attributes(widget['attrs'])}>\n{value}</textarea>"
    )


# Django's stock widget templates that are only an <input> or a <textarea>: rendering them
# through the form renderer's template engine costs more than the rest of a field.
_STOCK_WIDGETS = {
    **{
        f"django/forms/widgets/{name}.html": _input
        for name in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "date",
            "datetime",
            "time",
            "hidden",
        )
    },
    "django/forms/widgets/textarea.html": _textarea,
}


class _StockWidgetRenderer:
    """The form's renderer, with the stock templates above written in Python; any other
    template (the project's own widgets included) is rendered by the form's renderer."""

    def __init__(self, renderer):
        self.renderer = renderer

    def render(self, template_name, context, request=None):
        fast = _STOCK_WIDGETS.get(template_name)
        if fast is None:
            return self.renderer.render(template_name, context, request=request)
        return fast(context["widget"])


def render_widget(bound_field, attrs):
    """What `bound_field.as_widget(attrs=attrs)` returns, the same HTML, quicker."""
    widget = bound_field.field.widget
    if widget.template_name not in _STOCK_WIDGETS:
        return bound_field.as_widget(attrs=attrs)
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    return widget.render(
        name=bound_field.html_name,
        value=bound_field.value(),
        attrs=attrs,
        renderer=_StockWidgetRenderer(bound_field.form.renderer),
    )


CHOICE_VARIANTS = {"", "inline"}


def _is_choices(widget):
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def target_id(bound_field):
    """The id a link to this field goes to: a list of options' first option, else the input."""
    if _is_choices(bound_field.field.widget):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def is_marked_required(bound_field):
    return bound_field.field.required or bound_field.name in getattr(
        bound_field.form, "required_to_submit", ()
    )


def _widget_class(widget, has_errors):
    if isinstance(widget, forms.CheckboxInput):
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    elif getattr(widget, "renders_own_input", False):
        base = ""
    else:
        base = "form-control"
    own = widget.attrs.get("class", "")
    return " ".join(c for c in (own, base, "is-invalid" if has_errors else "") if c)


def _text(value):
    """`{{ value }}` in a template (render_value_in_context), for a tag that writes its HTML in
    Python: localised, then escaped unless already safe."""
    if type(value) is str:
        return escape(value)
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _label_and_mark(bound_field, required):
    """The label and, for a field that must be filled, the "*" and a spoken "(required)"."""
    label = _text(bound_field.label)
    if not required:
        return label
    return (
        f'{label} <span class="field-required" aria-hidden="true">*</span>'
        f'<span class="visually-hidden"> ({_text(gettext("required"))})</span>'
    )


def _help_and_errors(bound_field, base_id, errors):
    """The help under the label, then the error at the field, each with the id the widget's
    `aria-describedby` names."""
    help_text = bound_field.help_text
    html = (
        f'<div class="form-text field-help" id="{base_id}_help">{_text(help_text)}</div>'
        if help_text
        else ""
    )
    html += "\n"
    if errors:
        mark = icon("exclamation-circle")
        spoken = _text(gettext("Error:"))
        html += (
            f'<div class="field-error" id="{base_id}_error">'
            + "".join(
                f'<div>{mark} <span class="visually-hidden">{spoken}</span> {_text(error)}</div>'
                for error in errors
            )
            + "</div>"
        )
    return html


def _choices(bound_field, context):
    """A list of options (radio buttons, check boxes) as a fieldset of tappable cards."""
    base_id = context["base_id"]
    described_by = context["described_by"]
    variant = context["variant"]
    input_type = _text(bound_field.field.widget.input_type)
    described = f' aria-describedby="{_text(described_by)}"' if described_by else ""
    options = "".join(
        f'\n    <label class="choice" for="{_text(option.id_for_label)}">'
        f'<input class="form-check-input" type="{input_type}" name="{_text(option.data["name"])}"'
        f' value="{_text(option.data["value"])}" id="{_text(option.id_for_label)}"'
        f"{' checked' if option.data['selected'] else ''}>"
        f" <span>{_text(option.choice_label)}</span></label>\n  "
        for option in bound_field
    )
    return (
        f'<fieldset class="field mb-3{" field-invalid" if context["errors"] else ""}"'
        f' id="{base_id}_field"'
        f"{described}>\n"
        f'  <legend class="form-label">{_label_and_mark(bound_field, context["required"])}'
        "</legend>\n"
        f"  {_help_and_errors(bound_field, base_id, context['errors'])}\n"
        f'  <div class="choices{f" choices-{_text(variant)}" if variant else ""}">\n'
        f"  {options}\n"
        "  </div>\n"
        "</fieldset>\n"
    )


@register.simple_tag
def field(bound_field, variant=""):
    """One field with its label, help, error and widget. A list of options shows each option as
    a card the whole of which is tappable, one per line; `variant="inline"` puts them side by
    side (yes / no).

    Written in Python rather than through a template: a form page shows about twenty fields,
    and a template per field cost a third of the page."""
    if variant not in CHOICE_VARIANTS:
        raise template.TemplateSyntaxError(f"Unknown field variant {variant!r}")
    widget = bound_field.field.widget
    errors = bound_field.errors
    base_id = _text(bound_field.auto_id)
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if errors:
        described.append(f"{bound_field.auto_id}_error")
    required = is_marked_required(bound_field)
    if _is_choices(widget):
        context = {
            "base_id": base_id,
            "errors": errors,
            "required": required,
            "described_by": " ".join(described),
            "variant": variant,
        }
        return mark_safe(_choices(bound_field, context))  # noqa: S308 (each value escaped)
    attrs = {"class": _widget_class(widget, bool(errors))}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if errors:
        attrs["aria-invalid"] = "true"
    rendered = conditional_escape(render_widget(bound_field, attrs))
    label = _label_and_mark(bound_field, required)
    target = _text(target_id(bound_field))
    opening = f'<div class="field mb-3{" field-invalid" if errors else ""}" id="{base_id}_field">'
    below = _help_and_errors(bound_field, base_id, errors)
    if isinstance(widget, forms.CheckboxInput):
        html = (
            f"{opening}\n"
            f'  <label class="choice" for="{target}">{rendered} <span>{label}</span></label>\n'
            f"  {below}\n"
            "</div>\n"
        )
    else:
        html = (
            f"{opening}\n"
            f'  <label class="form-label" for="{target}">{label}</label>\n'
            f"  {below}\n"
            f"  {rendered}\n"
            "</div>\n"
        )
    return mark_safe(html)  # noqa: S308 (each value escaped by _text or conditional_escape)


@register.simple_tag
def error_summary(form, lead=""):
    """The box at the top of a form listing its errors, each linked to its field; empty when the
    form has none. `lead` opens its title ("The form was not sent: 2 errors to correct")."""
    items = [(None, str(message)) for message in form.non_field_errors()]
    for bound_field in form:
        for message in bound_field.errors:
            if bound_field.is_hidden:
                items.append((None, str(message)))
            else:
                items.append((target_id(bound_field), f"{bound_field.label}: {message}"))
    if not items:
        return ""
    return render_to_string(
        "fields/error_summary.html",
        {"items": items, "count": len(items), "lead": lead},
    )
