"""The project's own field templates, for the pages communes and cadres use (crispy stays for
staff forms): `{% field form.level %}` and `{% error_summary form %}`.

A field renders its label (a "*" and a spoken "(required)" when the field must be filled), its
help text, its error at the field, and its widget tied to both by `aria-describedby`. The error
summary is the GOV.UK pattern: a box at the top of the form listing every error, each a link to
its field. Which fields are required: the field's own `required`, or the form's
`required_to_submit` (a form that saves drafts freely but checks on submission).
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape

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


@register.simple_tag
def field(bound_field, variant=""):
    """One field with its label, help, error and widget. A list of options shows each option as
    a card the whole of which is tappable, one per line; `variant="inline"` puts them side by
    side (yes / no)."""
    if variant not in CHOICE_VARIANTS:
        raise template.TemplateSyntaxError(f"Unknown field variant {variant!r}")
    widget = bound_field.field.widget
    errors = bound_field.errors
    base_id = bound_field.auto_id
    described = []
    if bound_field.help_text:
        described.append(f"{base_id}_help")
    if errors:
        described.append(f"{base_id}_error")
    context = {
        "field": bound_field,
        "id": target_id(bound_field),
        "base_id": base_id,
        "required": is_marked_required(bound_field),
        "errors": errors,
        "described_by": " ".join(described),
        "variant": variant,
    }
    if _is_choices(widget):
        context["input_type"] = widget.input_type
        context["options"] = list(bound_field)
        return render_to_string("fields/choices.html", context)
    attrs = {"class": _widget_class(widget, bool(errors))}
    if described:
        attrs["aria-describedby"] = context["described_by"]
    if errors:
        attrs["aria-invalid"] = "true"
    context["widget"] = render_widget(bound_field, attrs)
    name = (
        "fields/checkbox.html" if isinstance(widget, forms.CheckboxInput) else "fields/field.html"
    )
    return render_to_string(name, context)


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
