"""Turn a figures snapshot (reports.figures) into the files leaders download: the
summary PDF in the Party's document format, the workbook, the per-cadre sheet. Rendering reads
only the snapshot (and, for the workbook and the cadre sheet, the forms it lists), so the same
snapshot gives the same file."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.ratio import Ratio
from evaluations.models import Level

from . import wording

LEVEL_LABELS = dict(Level.choices)
CHART_WIDTH = 200


def _levels(figures):
    evaluated = figures["cadres_evaluated"]
    top = max([row["count"] for row in figures["levels"]] + [1])
    return [
        {
            "label": str(LEVEL_LABELS[row["level"]]),
            "count": row["count"],
            "percent": Ratio(row["count"], evaluated).percent_label(),
            "width": round(CHART_WIDTH * row["count"] / top),
            "y": index * 26,
        }
        for index, row in enumerate(figures["levels"])
    ]


def summary_html(figures, *, document_number="", issued_on=None):
    """The summary's HTML, as it goes to the PDF (tests read the sentences here)."""
    issued_on = issued_on or timezone.localdate()
    with translation.override("vi"):
        f = figures
        context = {
            "f": f,
            "number": document_number,
            "issued_on": issued_on,
            "levels": _levels(f),
            "submitted": Ratio(f["forms"]["submitted"], f["forms"]["expected"]),
            "accepted": Ratio(f["forms"]["accepted"], f["forms"]["expected"]),
            "commended": Ratio(f["commendation"]["count"], f["commendation"]["of"]),
            "communes_all_in": Ratio(f["communes_all_in"], f["communes_with_forms"]),
            "covered_all_year": Ratio(f["communes"] - len(f["gaps"]), f["communes"]),
            "level_labels": LEVEL_LABELS,
            "all_evaluated": Ratio(f["cadres_evaluated"], f["cadres_evaluated"]),
            "kinds": wording.communes_phrase(f),
            "provisional": wording.provisional_line(f),
            "agency_totals": wording.agency_totals(f),
            "district_totals": wording.district_totals(f),
            "closing": wording.closing(f),
        }
        return render_to_string("reports/summary.html", context)


def summary_pdf(figures, *, document_number="", issued_on=None):
    from .pdf import html_to_pdf

    return html_to_pdf(summary_html(figures, document_number=document_number, issued_on=issued_on))


def cadre_pdf(figures, *, issued_on=None):
    from .pdf import html_to_pdf

    with translation.override("vi"):
        html = render_to_string(
            "reports/cadre.html",
            {
                "f": figures,
                "issued_on": issued_on or timezone.localdate(),
                "level_labels": LEVEL_LABELS,
                "provisional": wording.provisional_line(figures),
            },
        )
    return html_to_pdf(html)


def workbook(figures):
    """The annual workbook (reports.workbook)."""
    from .workbook import annual_workbook

    return annual_workbook(figures)
