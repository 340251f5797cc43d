"""The centre's comparison page (issue 19): the provinces it follows × the ratios, from the
snapshot that counts for each (rollup.figures.comparison, the same as the central report's),
the year before beside each ratio, sortable on the server, a chart, the provinces that have not
sent, and the same table as an Excel file."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.exports import workbook_bytes, xlsx_attachment
from core.params import BadParameter, year_param
from core.permissions import can

from .figures import RATIO_KEYS, RATIOS, comparison, comparison_figures, years_with_snapshots
from .report import comparison_sheets

SORTS = ("name", *RATIO_KEYS)
DIRECTIONS = ("asc", "desc")

# The chart: SVG units (it scales to its box); a bar of BAR_WIDTH is 100 %. Shown at SCALE
# times its units on a desk (its 12-unit text as large as the page's), narrower on a phone.
LABEL_WIDTH, BAR_X, BAR_WIDTH, ROW_HEIGHT = 118, 122, 170, 26
SCALE = 1.3


def _choice(request, name, choices, default):
    """?name= among `choices`, `default` when absent; 400 for anything else (core.params)."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    if raw not in choices:
        raise BadParameter(
            name, raw, _("one of %(choices)s is expected") % {"choices": ", ".join(choices)}
        )
    return raw


def _sorted(rows, sort, descending):
    """Rows by name, or by a ratio's percentage (name order among equals); a ratio with nothing
    to divide by (0/0, "—") goes last either way."""
    rows = sorted(rows, key=lambda row: row["name"])
    if sort == "name":
        return list(reversed(rows)) if descending else rows
    known = [r for r in rows if r["ratios"][sort].percent is not None]
    unknown = [r for r in rows if r["ratios"][sort].percent is None]
    known.sort(key=lambda row: row["ratios"][sort].percent, reverse=descending)
    return known + unknown


def _snapshot_url(pk):
    # The snapshot's page belongs to the snapshots' pages (rollup's import side); a link only
    # where that page exists.
    try:
        return reverse("central:snapshot_detail", args=[pk])
    except NoReverseMatch:
        return ""


def _chart(rows, key, year):
    bars = []
    for index, row in enumerate(rows):
        ratio, before = row["ratios"][key], row["before"] and row["before"][key]
        bars.append(
            {
                "name": row["name"],
                "ratio": ratio,
                "width": round(BAR_WIDTH * float(ratio.percent or 0) / 100, 1),
                "before": before,
                "before_width": (
                    round(BAR_WIDTH * float(before.percent) / 100, 1)
                    if before and before.percent is not None
                    else None
                ),
                "y": index * ROW_HEIGHT,
            }
        )
    width, height = BAR_X + BAR_WIDTH + 118, max(len(bars), 1) * ROW_HEIGHT + 4
    return {
        "key": key,
        "label": dict((k, label) for k, label, *_rest in RATIOS)[key],
        "bars": bars,
        "has_before": any(bar["before_width"] is not None for bar in bars),
        "height": height,
        "shown_width": round(width * SCALE),
        "shown_height": round(height * SCALE),
        "label_width": LABEL_WIDTH,
        "bar_x": BAR_X,
        "bar_width": BAR_WIDTH,
        "text_x": BAR_X + BAR_WIDTH + 6,
        "width": width,
        "year": year,
    }


@can("rollup.view_snapshot")
def comparison_page(request):
    years = years_with_snapshots()
    if not years:
        return render(request, "rollup/comparison.html", {"years": []})
    year = year_param(request, default=years[0])
    if year not in years:
        raise Http404
    sort = _choice(request, "sort", SORTS, "name")
    direction = _choice(request, "dir", DIRECTIONS, "asc")
    export = _choice(request, "format", ("xlsx",), "")
    descending = direction == "desc"
    if export:
        figures = comparison_figures(year)
        return xlsx_attachment(
            f"so-sanh-cac-tinh-{year}.xlsx", workbook_bytes(comparison_sheets(figures))
        )
    data = comparison(year)
    rows = _sorted(
        [
            {
                "name": r.province.name,
                "code": r.province.code,
                "ratios": r.ratios,
                "before": r.before.ratios if r.before else None,
                "before_codes": r.before.codes if r.before else [],
                "snapshot": r.snapshot,
                "snapshot_url": _snapshot_url(r.snapshot.pk),
            }
            for r in data.rows
        ],
        sort,
        descending,
    )
    columns = [("name", _("Province or city"))] + [
        (key, str(label)) for key, label, *_rest in RATIOS
    ]
    headers = []
    for key, label in columns:
        active = key == sort
        flip = "asc" if active and descending else ("desc" if active else "asc")
        headers.append(
            {
                "key": key,
                "label": label,
                "active": active,
                "descending": descending,
                "url": "?" + urlencode({"year": year, "sort": key, "dir": flip}),
                "aria": ("descending" if descending else "ascending") if active else "none",
            }
        )
    cells = [(key, str(label)) for key, label, *_rest in RATIOS]
    return render(
        request,
        "rollup/comparison.html",
        {
            "years": years,
            "year": year,
            "sort": sort,
            "dir": direction,
            "headers": headers,
            "cells": cells,
            "rows": rows,
            "total": data.total_ratios,
            "total_before": data.total_before_ratios,
            "missing": data.missing,
            "followed": data.followed,
            "chart": _chart(rows, sort if sort in RATIO_KEYS else "submitted", year),
            "export_url": "?"
            + urlencode({"year": year, "sort": sort, "dir": direction})
            + "&format=xlsx",
        },
    )
