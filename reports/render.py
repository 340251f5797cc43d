"""Turn a figures snapshot (reports.figures) into the files leaders download: the
summary PDF in the Party's document format, the workbook, the per-cadre sheet. Rendering reads
only the snapshot (and, for the workbook and the cadre sheet, the forms it lists), so the same
snapshot gives the same file."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.exports import Sheet, workbook_bytes
from core.ratio import Ratio
from evaluations.models import LEVEL_ORDER, Level

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


def summary_pdf(figures, *, document_number="", issued_on=None):
    from .pdf import html_to_pdf

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
        }
        html = render_to_string("reports/summary.html", context)
    return html_to_pdf(html)


def cadre_pdf(figures, *, issued_on=None):
    from .pdf import html_to_pdf

    with translation.override("vi"):
        html = render_to_string(
            "reports/cadre.html",
            {
                "f": figures,
                "issued_on": issued_on or timezone.localdate(),
                "level_labels": LEVEL_LABELS,
            },
        )
    return html_to_pdf(html)


def _yes(value):
    return "Có" if value else ""


def workbook(figures):
    """The annual workbook: a sheet per table of the summary, and every form's answers."""
    with translation.override("vi"):
        f = figures
        forms = f["forms"]
        overview = [
            ("Năm", f["year"]),
            ("Số xã, phường (cuối năm)", f["communes"]),
            ("Cán bộ được phân công theo dõi", f["cadres_assigned"]),
            ("Cán bộ được nhận xét", f["cadres_evaluated"]),
            ("Phiếu phải nộp", forms["expected"]),
            ("Phiếu đã gửi", forms["submitted"]),
            ("Tỷ lệ phiếu đã gửi", Ratio(forms["submitted"], forms["expected"]).percent_label()),
            ("Phiếu đúng hạn", forms["on_time"]),
            ("Phiếu nộp muộn", forms["late"]),
            ("Phiếu đã tiếp nhận", forms["accepted"]),
            ("Xã gửi đủ phiếu / xã có phiếu", f"{f['communes_all_in']}/{f['communes_with_forms']}"),
            ("Tổng số lượt về cơ sở (xã ghi trong phiếu)", f["visits"]["stated"]["visits"]),
            ("Tổng số cuộc họp đã dự (xã ghi trong phiếu)", f["visits"]["stated"]["meetings"]),
            (
                "Tổng số lượt về cơ sở (cán bộ ghi trong sổ theo dõi)",
                f["visits"]["logged"]["visits"],
            ),
            (
                "Tổng số cuộc họp đã dự (cán bộ ghi trong sổ theo dõi)",
                f["visits"]["logged"]["meetings"],
            ),
            ("Số lượt về cơ sở được xã xác nhận", f["visits"]["logged"]["confirmed"]),
            ("Cán bộ được đề nghị biểu dương", f["commendation"]["count"]),
            (
                "Tỷ lệ đề nghị biểu dương / cán bộ được nhận xét",
                Ratio(f["commendation"]["count"], f["commendation"]["of"]).percent_label(),
            ),
            ("Cán bộ bị đề nghị thay thế", len(f["replacement"])),
        ]
        sheets = [
            Sheet(
                "Tổng hợp",
                ["Chỉ tiêu", "Số liệu"],
                overview,
                widths=[52, 18],
                caption=f"Kết quả nhận xét cán bộ theo dõi cơ sở năm {f['year']}",
            ),
            Sheet(
                "Mức độ hoàn thành",
                ["Mức độ", "Số cán bộ", "Tỷ lệ"],
                ((lv["label"], lv["count"], lv["percent"]) for lv in _levels(f)),
                widths=[36, 12, 12],
            ),
            Sheet(
                "Đề nghị biểu dương",
                ["STT", "Cán bộ"],
                enumerate(f["commendation"]["names"], start=1),
                widths=[6, 80],
            ),
            Sheet(
                "Đề nghị thay thế",
                ["STT", "Họ và tên", "Chức vụ", "Cơ quan", "Lý do"],
                (
                    (n, r["name"], r["position"], r["agency"], "; ".join(r["reasons"]))
                    for n, r in enumerate(f["replacement"], start=1)
                ),
                widths=[6, 24, 22, 36, 60],
            ),
            Sheet(
                "Xã thiếu cán bộ theo dõi",
                ["STT", "Xã, phường", "Huyện", "Số ngày không có cán bộ"],
                (
                    (n, g["commune"], g["district"], g["days"])
                    for n, g in enumerate(f["gaps"], start=1)
                ),
                widths=[6, 30, 24, 14],
            ),
            Sheet(
                "Cán bộ theo dõi 2 xã",
                ["STT", "Họ và tên", "Cơ quan", "Xã theo dõi"],
                (
                    (n, r["cadre"], r["agency"], "; ".join(r["communes"]))
                    for n, r in enumerate(f["several"], start=1)
                ),
                widths=[6, 24, 36, 60],
            ),
            Sheet(
                "Theo cơ quan",
                [
                    "Cơ quan, đơn vị",
                    "Cán bộ được nhận xét",
                    "Phiếu phải nộp",
                    "Phiếu đã gửi",
                    *[str(LEVEL_LABELS[lv]) for lv in LEVEL_ORDER],
                    "Đề nghị biểu dương",
                ],
                (
                    (
                        a["agency"],
                        a["cadres"],
                        a["expected"],
                        a["submitted"],
                        *[a[lv] for lv in LEVEL_ORDER],
                        a["commendation"],
                    )
                    for a in f["by_agency"]
                ),
                widths=[40, 12, 12, 12, 14, 14, 14, 14, 14],
            ),
        ]
        if f["by_district"]:
            sheets.append(
                Sheet(
                    "Theo huyện",
                    ["Huyện", "Số xã", "Phiếu phải nộp", "Phiếu đã gửi"],
                    (
                        (d["district"], d["communes"], d["expected"], d["submitted"])
                        for d in f["by_district"]
                    ),
                    widths=[30, 10, 14, 14],
                )
            )
        sheets.append(
            Sheet(
                "Danh sách cán bộ",
                [
                    "STT",
                    "Họ và tên",
                    "Chức vụ",
                    "Cơ quan",
                    "Xã theo dõi",
                    "Mức độ",
                    "Đề nghị biểu dương",
                    "Đề nghị thay thế",
                    "Ghi chú",
                ],
                (
                    (
                        n,
                        r["name"],
                        r["position"],
                        r["agency"],
                        "; ".join(r["communes"]),
                        str(LEVEL_LABELS.get(r["level"], "")),
                        _yes(r["commendation"]),
                        _yes(r["replacement"]),
                        r["override_reason"],
                    )
                    for n, r in enumerate(f["cadres"], start=1)
                ),
                widths=[6, 24, 22, 36, 30, 24, 10, 10, 30],
            )
        )
        criteria = f.get("criteria", [])
        sheets.append(
            Sheet(
                "Phiếu nhận xét",
                [
                    "STT",
                    "Mã xã",
                    "Xã, phường",
                    "Cán bộ",
                    "Cơ quan",
                    "Trạng thái",
                    "Ngày gửi",
                    "Muộn",
                    *[c["title"] for c in criteria],
                    "Số lượt về cơ sở",
                    "Số cuộc họp",
                    "Mức độ",
                    "Biểu dương",
                    "Thay thế",
                    "Lý do thay thế",
                    "Ưu điểm",
                    "Hạn chế",
                    "Kiến nghị",
                    "Người ký",
                ],
                (
                    (
                        n,
                        r["code"],
                        r["commune"],
                        r["cadre"],
                        r["agency"],
                        r["status"],
                        r["submitted_on"],
                        _yes(r["late"]),
                        *r["comments"],
                        r["visits"],
                        r["meetings"],
                        str(LEVEL_LABELS.get(r["level"], "")),
                        _yes(r["commendation"]),
                        _yes(r["replacement"]),
                        r["replacement_reason"],
                        r["strengths"],
                        r["shortcomings"],
                        r["recommendations"],
                        r["signer"],
                    )
                    for n, r in enumerate(f.get("form_rows", []), start=1)
                ),
                widths=[
                    6,
                    9,
                    24,
                    24,
                    30,
                    14,
                    12,
                    7,
                    *[40] * len(criteria),
                    10,
                    10,
                    22,
                    9,
                    9,
                    30,
                    40,
                    40,
                    40,
                    22,
                ],
                text_columns={1},
            )
        )
    return workbook_bytes(sheets)
