from django import template
from django.utils.html import format_html

from core import formats
from core.ratio import Ratio
from core.templatetags.icons import icon

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key, label):
    """A column header that sorts the list by `key`, toggling the direction."""
    current = context.get("sort", "")
    base = context.get("base_query", "")
    active = current.lstrip("-") == key
    descending = current.startswith("-")
    target = f"-{key}" if active and not descending else key
    arrow = ""
    if active:
        arrow = icon("sort-down") if descending else icon("sort-up")
    query = f"{base}&sort={target}" if base else f"sort={target}"
    return format_html(
        '<a class="text-decoration-none text-reset" href="?{}">{} {}</a>', query, label, arrow
    )


@register.simple_tag(takes_context=True)
def page_url(context, number):
    base = context.get("base_query", "")
    sort = context.get("sort", "")
    parts = [p for p in (base, f"sort={sort}" if sort else "", f"page={number}") if p]
    return "?" + "&".join(parts)


@register.simple_tag(takes_context=True)
def export_url(context):
    base = context.get("base_query", "")
    sort = context.get("sort", "")
    parts = [p for p in (base, f"sort={sort}" if sort else "", "format=xlsx") if p]
    return "?" + "&".join(parts)


@register.filter
def ddmmyyyy(value):
    """A date as dd/mm/yyyy whatever the page's language (core.formats)."""
    return formats.ddmmyyyy(value)


@register.simple_tag
def ratio(numerator, denominator):
    """'97,9 %' for 709 of 724: computed, never copied."""
    return Ratio(numerator, denominator).percent_label()


@register.filter
def get(mapping, key):
    """mapping[key], trying the key as text too (JSON keys are strings)."""
    if not mapping:
        return ""
    return mapping.get(key, mapping.get(str(key), ""))
