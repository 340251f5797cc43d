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

register = template.Library()

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
    context["widget"] = bound_field.as_widget(attrs=attrs)
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
