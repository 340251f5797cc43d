"""`{% icon "printer" %}`: one Bootstrap icon from the project's SVG sprite.

Only the icons the templates use are in `static/img/icons.svg` (bin/build-icons writes it), so a
page loads a few kilobytes of icons instead of the whole icon font. The tag is a builtin (see
TEMPLATES in the settings): templates use it without `{% load %}`.
"""

from functools import cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "img/icons.svg"


@cache
def _sprite_url():
    """The sprite's URL, worked out once: a page shows twenty icons or more, and each `static()`
    asks the storage again (issue 16). Forgotten when a test changes the static settings."""
    return static(SPRITE)


def _forget_sprite_url(setting, **kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS"}:
        _sprite_url.cache_clear()


setting_changed.connect(_forget_sprite_url)


@register.simple_tag
def icon(name, css_class="", label=""):
    """An inline SVG that takes the text's size and colour.

    Decorative by default (hidden from screen readers); with `label` it is an image with that
    name, for an icon that stands alone (a button showing only its icon on a phone)."""
    classes = f"bi {css_class}".strip()
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" width="1em" height="1em" '
            'fill="currentColor"><use href="{}#{}"></use></svg>',
            classes,
            label,
            _sprite_url(),
            name,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="1em" height="1em" '
        'fill="currentColor"><use href="{}#{}"></use></svg>',
        classes,
        _sprite_url(),
        name,
    )
