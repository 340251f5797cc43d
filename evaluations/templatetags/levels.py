"""The completion level's Vietnamese label in templates that hold only its stored value."""

from django import template

from evaluations.models import Level

register = template.Library()


@register.filter
def level_label(value):
    return dict(Level.choices).get(value, value)
