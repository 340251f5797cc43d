"""The central report (issue 19): a PDF in the Party's document format and a workbook, built by
the task queue (reports.services.report_build) from the stored snapshots. Their figures are
`comparison_figures(year)` with the organisation's heading and the day of issue, kept on the
job: rendering reads only them, so the same job gives the same file, byte for byte.

Written in Vietnamese, as every document the Organization Commission hands out (the province's
summary does the same: reports/render.py, reports/workbook.py)."""

from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.exports import Column, Sheet, workbook_bytes
from core.formats import ddmmyyyy
from core.models import Organisation

from .figures import RATIOS, comparison_figures, ratios

# The ratios' names as the documents print them.
LABELS = {
    "submitted": "Phiếu nhận xét đã gửi / phải nộp",
    "accepted": "Phiếu đã tiếp nhận / phải nộp",
    "communes": "Xã, phường có cán bộ theo dõi / tổng số",
    "commended": "Cán bộ được đề nghị biểu dương / được nhận xét",
    "tasks": "Việc đột phá, đổi mới hoàn thành / được giao",
    "hamlets": "Thôn, tổ dân phố có người theo dõi / tổng số",
}
# The counts' names, for the workbook's columns.
COUNT_LABELS = {
    "forms_expected": "Phiếu phải nộp",
    "forms_submitted": "Phiếu đã gửi",
    "forms_accepted": "Phiếu đã tiếp nhận",
    "communes": "Số xã, phường",
    "communes_covered": "Xã, phường có cán bộ theo dõi",
    "cadres_evaluated": "Cán bộ được nhận xét",
    "cadres_commended": "Cán bộ được đề nghị biểu dương",
    "tasks_assigned": "Việc đột phá được giao",
    "tasks_met": "Việc đột phá hoàn thành",
    "hamlets": "Số thôn, tổ dân phố",
    "hamlets_covered": "Thôn, tổ dân phố có người theo dõi",
}
PERCENT_LABELS = {
    "submitted": "Tỷ lệ phiếu đã gửi",
    "accepted": "Tỷ lệ phiếu đã tiếp nhận",
    "communes": "Tỷ lệ xã có cán bộ theo dõi",
    "commended": "Tỷ lệ được đề nghị biểu dương",
    "tasks": "Tỷ lệ việc đột phá hoàn thành",
    "hamlets": "Tỷ lệ thôn có người theo dõi",
}
# The PDF's two tables: the year-end evaluation, then the assignments and breakthrough tasks
# (three ratios each, so a portrait page holds them with the year before beneath).
TABLES = (
    ("Kết quả nhận xét, đánh giá", ("submitted", "accepted", "commended")),
    ("Việc phân công theo dõi và việc đột phá, đổi mới", ("communes", "hamlets", "tasks")),
)


def central_figures(job):
    """What the job prints, composed once when it is built (reports.kinds: figures)."""
    organisation = Organisation.current()
    return {
        "year": job.year,
        "computed_at": timezone.now().isoformat(),
        "issued_on": timezone.localdate().isoformat(),
        "organisation": organisation.letterhead(),
        "comparison": comparison_figures(job.year),
    }


def exported_on(version):
    """The day a snapshot was exported, in the centre's time zone."""
    return timezone.localtime(datetime.fromisoformat(version["created_at"])).date()


def _version_line(version):
    return (
        f"{version['installation']} (mã {', '.join(version['codes'])}), năm {version['year']}, "
        f"phiên bản {version['sequence']}, xuất ngày {ddmmyyyy(exported_on(version))}, "
        f"SHA-256 {version['sha256'][:16]}…"
    )


def _context(figures, document_number):
    c = figures["comparison"]
    keys = [key for key, *_rest in RATIOS]
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "ratios": ratios(r["counts"]),
            "before": ratios(r["before"]["counts"]) if r["before"] else None,
            "version": r["version"],
            "version_line": _version_line(r["version"]),
            "before_lines": [_version_line(v) for v in (r["before"] or {}).get("versions", [])],
        }
        for r in c["rows"]
    ]
    total = ratios(c["total"])
    total_before = ratios(c["total_before"]) if c["total_before"] else None
    return {
        "f": figures,
        "c": c,
        "number": document_number,
        "issued_on": date.fromisoformat(figures["issued_on"]),
        "created": figures["computed_at"],
        "rows": rows,
        "total": total,
        "total_before": total_before,
        "tables": [
            {"title": title, "keys": [(key, LABELS[key]) for key in table_keys]}
            for title, table_keys in TABLES
        ],
        "summary": [(LABELS[key], total[key]) for key in keys],
        "sent": len(c["rows"]),
    }


def central_html(figures, *, document_number=""):
    """The PDF's HTML (tests read its sentences here)."""
    with translation.override("vi"):
        return render_to_string("rollup/central_report.html", _context(figures, document_number))


def central_pdf(figures, *, document_number=""):
    from reports.pdf import html_to_pdf

    return html_to_pdf(central_html(figures, document_number=document_number))


def _columns(first, last):
    columns = [Column.code("Mã tỉnh", 8), Column.text("Tỉnh, thành phố", 22)]
    for key, _label, numerator, denominator in RATIOS:
        for count in (denominator, numerator):
            header = COUNT_LABELS[count]
            if header not in {c.header for c in columns}:  # two ratios share "forms expected"
                columns.append(Column.integer(header, 13, total=True))
        columns.append(
            Column.percent(
                PERCENT_LABELS[key], 12, of=(COUNT_LABELS[numerator], COUNT_LABELS[denominator])
            )
        )
    return [*columns, *first, *last]


def _cells(counts):
    """A row's counts and ratios in the order of _columns (each count once)."""
    cells, seen = [], set()
    all_ratios = ratios(counts)
    for key, _label, numerator, denominator in RATIOS:
        for count in (denominator, numerator):
            if count not in seen:
                seen.add(count)
                cells.append(counts[count])
        cells.append(all_ratios[key])
    return cells


def comparison_sheets(c):
    """The comparison as sheets (core.exports): the year's figures by province, the year
    before's, the provinces that have not sent. The comparison page's Excel export and the
    central workbook are these same sheets."""
    year = c["year"]
    version_columns = [
        Column.integer("Bản số", 8),
        Column.date("Ngày xuất"),
        Column.text("Đơn vị gửi", 28),
    ]
    this_year = Sheet(
        f"Năm {year}",
        _columns([], version_columns),
        (
            (
                r["code"],
                r["name"],
                *_cells(r["counts"]),
                r["version"]["sequence"],
                exported_on(r["version"]),
                r["version"]["installation"],
            )
            for r in c["rows"]
        ),
        caption=f"Kết quả thực hiện việc phân công cán bộ theo dõi cơ sở năm {year} "
        "của các tỉnh ủy, thành ủy",
        empty=f"Chưa nhận số liệu năm {year} của tỉnh ủy, thành ủy nào.",
        totals=("", "Tổng cộng", *_cells(c["total"]), "", "", ""),
    )
    before_rows = [r for r in c["rows"] if r["before"]]
    year_before = Sheet(
        f"Năm {year - 1}",
        _columns([], [Column.text("Số liệu của các mã tỉnh", 16), Column.text("Nguồn", 60)]),
        (
            (
                r["code"],
                r["name"],
                *_cells(r["before"]["counts"]),
                ", ".join(r["before"]["codes"]),
                "; ".join(_version_line(v) for v in r["before"]["versions"]),
            )
            for r in before_rows
        ),
        caption=f"Số liệu năm {year - 1} của cùng tỉnh ủy, thành ủy (để so sánh)",
        empty=f"Chưa có số liệu năm {year - 1} để so sánh.",
        # The same snapshot may stand behind two rows (a merged province): its sum is the
        # comparison's, each province row once.
        totals=(
            ("", "Tổng cộng", *_cells(c["total_before"]), "", "") if c["total_before"] else None
        ),
    )
    missing = Sheet(
        "Chưa gửi số liệu",
        [Column.integer("STT", 6), Column.code("Mã tỉnh", 8), Column.text("Tỉnh, thành phố", 30)],
        ((n, p["code"], p["name"]) for n, p in enumerate(c["missing"], start=1)),
        empty=f"Các tỉnh ủy, thành ủy được theo dõi đều đã gửi số liệu năm {year}.",
    )
    return [this_year, year_before, missing]


def central_workbook(figures):
    with translation.override("vi"):
        return workbook_bytes(comparison_sheets(figures["comparison"]))


def central_filename(job):
    ext = "xlsx" if job.kind == "central_xlsx" else "pdf"
    name = "so-lieu-cac-tinh" if ext == "xlsx" else "bao-cao-cac-tinh"
    return f"{name}-{job.year}.{ext}"


def register():
    """Called from RollupConfig.ready(): the central report's two kinds (reports.kinds)."""
    from reports.kinds import register_kind
    from reports.models import ReportJob

    register_kind(
        ReportJob.Kind.CENTRAL,
        figures=central_figures,
        render=lambda job, figures: central_pdf(figures, document_number=job.document_number),
        filename=central_filename,
        printed=True,
        page="central:reports",
    )
    register_kind(
        ReportJob.Kind.CENTRAL_XLSX,
        figures=central_figures,
        render=lambda job, figures: central_workbook(figures),
        filename=central_filename,
        page="central:reports",
    )
