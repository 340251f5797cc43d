"""The annual workbook: a sheet per table of the summary, and every form's answers, from a
figures snapshot (reports.figures). Written in Vietnamese, as every document the Organization
Department hands out; typed through core.exports (numbers, dates, ratios with their numerator
and denominator beside them, a totals row where the columns add up)."""

from django.utils import translation

from core.exports import Column, Sheet, workbook_bytes
from core.ratio import Ratio
from evaluations.models import LEVEL_ORDER, Level

from . import wording

LEVEL_LABELS = dict(Level.choices)
TOTAL = "Tổng cộng"


def _yes(value):
    return "Có" if value else ""


def _caption(f):
    """The title line; on a round still open, the line every report then carries (its figures
    are provisional: forms may still come in or be returned)."""
    caption = f"Kết quả nhận xét cán bộ theo dõi cơ sở năm {f['year']}"
    provisional = wording.provisional_line(f)
    return f"{caption}. {provisional}" if provisional else caption


def _overview(f):
    forms = f["forms"]
    commendation = f["commendation"]
    stated, logged = f["visits"]["stated"], f["visits"]["logged"]

    def ratio(label, numerator, denominator):
        return (label, numerator, denominator, Ratio(numerator, denominator))

    return Sheet(
        "Tổng hợp",
        [
            Column.text("Chỉ tiêu", 52),
            Column.integer("Số liệu", 12),
            Column.integer("Trên tổng số", 12),
            Column.percent("Tỷ lệ"),
        ],
        [
            ("Số xã, phường (cuối năm)", f["communes"]),
            ("Cán bộ được phân công theo dõi", f["cadres_assigned"]),
            ("Cán bộ được nhận xét", f["cadres_evaluated"]),
            ("Phiếu phải nộp", forms["expected"]),
            ratio("Phiếu đã gửi", forms["submitted"], forms["expected"]),
            ("Phiếu đúng hạn", forms["on_time"]),
            ("Phiếu nộp muộn", forms["late"]),
            ratio("Phiếu đã tiếp nhận", forms["accepted"], forms["expected"]),
            ratio("Xã gửi đủ phiếu / xã có phiếu", f["communes_all_in"], f["communes_with_forms"]),
            ("Tổng số lượt về cơ sở (xã ghi trong phiếu)", stated["visits"]),
            ("Tổng số cuộc họp đã dự (xã ghi trong phiếu)", stated["meetings"]),
            ("Tổng số lượt về cơ sở (cán bộ ghi trong sổ theo dõi)", logged["visits"]),
            ("Tổng số cuộc họp đã dự (cán bộ ghi trong sổ theo dõi)", logged["meetings"]),
            ratio("Số lượt về cơ sở được xã xác nhận", logged["confirmed"], logged["visits"]),
            ratio("Cán bộ được đề nghị biểu dương", commendation["count"], commendation["of"]),
            ("Cán bộ bị đề nghị thay thế", len(f["replacement"])),
        ],
        caption=_caption(f),
    )


def _levels(f):
    evaluated = f["cadres_evaluated"]
    counts = {row["level"]: row["count"] for row in f["levels"]}
    return Sheet(
        "Mức độ hoàn thành",
        [
            Column.text("Mức độ", 36),
            Column.integer("Số cán bộ"),
            Column.integer("Cán bộ được nhận xét", 14),
            Column.percent("Tỷ lệ"),
        ],
        [
            (
                str(LEVEL_LABELS[lv]),
                counts.get(lv, 0),
                evaluated,
                Ratio(counts.get(lv, 0), evaluated),
            )
            for lv in LEVEL_ORDER
        ],
        totals=(TOTAL, evaluated, evaluated, Ratio(evaluated, evaluated)),
    )


def _people(title, rows, empty, extra=()):
    """A name list: one person per row, name, position and agency each in a column."""
    return Sheet(
        title,
        [
            Column.integer("STT", 6),
            Column.text("Họ và tên", 26),
            Column.text("Chức vụ", 24),
            Column.text("Cơ quan", 40),
            *extra,
        ],
        rows,
        empty=empty,
    )


def _by_agency(f):
    levels = [str(LEVEL_LABELS[lv]) for lv in LEVEL_ORDER]
    return Sheet(
        "Theo cơ quan",
        [
            Column.text("Cơ quan, đơn vị", 40),
            Column.integer("Cán bộ được nhận xét", total=True),
            Column.integer("Phiếu phải nộp", total=True),
            Column.integer("Phiếu đã gửi", total=True),
            Column.percent("Tỷ lệ phiếu đã gửi", of=("Phiếu đã gửi", "Phiếu phải nộp")),
            *[Column.integer(label, 14, total=True) for label in levels],
            Column.integer("Đề nghị biểu dương", total=True),
        ],
        (
            (
                a["agency"],
                a["cadres"],
                a["expected"],
                a["submitted"],
                Ratio(a["submitted"], a["expected"]),
                *[a[lv] for lv in LEVEL_ORDER],
                a["commendation"],
            )
            for a in f["by_agency"]
        ),
        empty=f"Năm {f['year']} chưa có phiếu nhận xét nào.",
    )


def _by_district(f):
    return Sheet(
        "Theo huyện",
        [
            Column.text("Huyện", 30),
            Column.integer("Số xã", 10, total=True),
            Column.integer("Phiếu phải nộp", total=True),
            Column.integer("Phiếu đã gửi", total=True),
            Column.percent("Tỷ lệ phiếu đã gửi", of=("Phiếu đã gửi", "Phiếu phải nộp")),
        ],
        (
            (
                d["district"],
                d["communes"],
                d["expected"],
                d["submitted"],
                Ratio(d["submitted"], d["expected"]),
            )
            for d in f["by_district"]
        ),
        empty=f"Năm {f['year']} không có xã, phường nào.",
    )


def _gaps(f):
    districts = f["has_districts"]
    return Sheet(
        "Xã thiếu cán bộ theo dõi",
        [
            Column.integer("STT", 6),
            Column.text("Xã, phường", 30),
            *([Column.text("Huyện", 24)] if districts else []),
            Column.integer("Số ngày không có cán bộ", 14),
        ],
        (
            (n, g["commune"], *([g["district"]] if districts else []), g["days"])
            for n, g in enumerate(f["gaps"], start=1)
        ),
        empty=f"Năm {f['year']}, xã, phường nào cũng có cán bộ theo dõi suốt thời gian trong năm.",
    )


def _several(f):
    """One row per commune the cadre followed: the cadre's number repeats on each."""
    return Sheet(
        "Cán bộ theo dõi 2 xã",
        [
            Column.integer("STT", 6),
            Column.text("Họ và tên", 26),
            Column.text("Cơ quan", 40),
            Column.text("Xã theo dõi", 50),
        ],
        (
            (n, r["cadre"], r["agency"], commune)
            for n, r in enumerate(f["several"], start=1)
            for commune in r["communes"]
        ),
        empty=f"Năm {f['year']} không có cán bộ nào theo dõi xã thứ hai theo ngoại lệ.",
    )


def _commune_level(f):
    """Following at every level, the commune level (issue 17): a row per commune."""
    c = f["commune_level"]
    return Sheet(
        "Theo dõi cấp xã",
        [
            Column.integer("STT", 6),
            Column.code("Mã xã", 9),
            Column.text("Xã, phường", 28),
            Column.integer("Thôn, tổ dân phố", total=True),
            Column.integer("Có người theo dõi", total=True),
            Column.percent("Tỷ lệ", of=("Có người theo dõi", "Thôn, tổ dân phố")),
            Column.integer("Số hộ", total=True),
            Column.integer("Số hộ được bao quát", 14, total=True),
            Column.integer("Cấp ủy viên, cán bộ xã", 14, total=True),
            Column.integer("Được phân công theo dõi", 14, total=True),
            Column.integer("Theo dõi từ 2 thôn trở lên", 14, total=True),
            Column.integer("Đã thôi công tác, còn theo dõi", 14, total=True),
            Column.integer("Buổi sinh hoạt chi bộ đã dự", 14, total=True),
            Column.integer(f"Chưa đạt {c['min_commune']} buổi/năm", 14, total=True),
            Column.text("Cán bộ cấp tỉnh theo dõi", 30),
            Column.integer(f"Cán bộ tỉnh chưa đạt {c['min_province']} buổi/năm", 14, total=True),
        ],
        (
            (
                n,
                r["code"],
                r["name"],
                r["hamlets_in_force"],
                r["hamlets_followed"],
                Ratio(r["hamlets_followed"], r["hamlets_in_force"]),
                r["households"],
                r["households_covered"],
                r["members_serving"],
                r["members_assigned"],
                r["members_several"],
                r["members_left_following"],
                r["member_meetings"],
                r["members_under"],
                ", ".join(r["cadres"]),
                r["cadres_under"],
            )
            for n, r in enumerate(c["communes"], start=1)
        ),
        caption=f"Phân công cấp ủy viên, cán bộ xã theo dõi thôn, tổ dân phố năm {f['year']}",
        empty=f"Năm {f['year']} chưa có xã, phường nào.",
    )


def _cadres(f):
    return _people(
        "Danh sách cán bộ",
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
        f"Năm {f['year']} chưa có cán bộ nào được nhận xét.",
        extra=(
            Column.text("Xã theo dõi", 30),
            Column.text("Mức độ", 24),
            Column.text("Đề nghị biểu dương", 10),
            Column.text("Đề nghị thay thế", 10),
            Column.text("Ghi chú", 30),
        ),
    )


def _forms(f):
    criteria = f.get("criteria", [])
    return Sheet(
        "Phiếu nhận xét",
        [
            Column.integer("STT", 6),
            Column.code("Mã xã", 9),
            Column.text("Xã, phường", 24),
            Column.text("Cán bộ", 24),
            Column.text("Cơ quan", 30),
            Column.text("Trạng thái", 14),
            Column.date("Ngày gửi"),
            Column.text("Muộn", 7),
            *[Column.text(c["title"], 40) for c in criteria],
            Column.integer("Số lượt về cơ sở", 10, total=True),
            Column.integer("Số cuộc họp", 10, total=True),
            Column.text("Mức độ", 22),
            Column.text("Biểu dương", 9),
            Column.text("Thay thế", 9),
            Column.text("Lý do thay thế", 30),
            Column.text("Ưu điểm", 40),
            Column.text("Hạn chế", 40),
            Column.text("Kiến nghị", 40),
            Column.text("Người ký", 22),
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
        empty=f"Năm {f['year']} chưa có xã, phường nào gửi phiếu nhận xét.",
    )


def _tasks_overview(f):
    """Breakthrough tasks (issue 18): the year's figures, every ratio beside its numerator and
    denominator, then the tasks per conclusion level."""
    b = f["breakthroughs"]

    def ratio(label, numerator, denominator):
        return (label, numerator, denominator, Ratio(numerator, denominator))

    return Sheet(
        "Đột phá - tổng hợp",
        [
            Column.text("Chỉ tiêu", 52),
            Column.integer("Số liệu", 12),
            Column.integer("Trên tổng số", 12),
            Column.percent("Tỷ lệ"),
        ],
        [
            ("Cán bộ được giao việc đột phá, đổi mới", b["cadres"]),
            ("Nhiệm vụ được giao", b["tasks"]),
            ratio("Nhiệm vụ đã kết luận", b["concluded"], b["tasks"]),
            ratio("Nhiệm vụ hoàn thành / đã kết luận", b["met"], b["concluded"]),
            ratio("Chỉ tiêu đạt / tổng số chỉ tiêu", b["targets_reached"], b["targets"]),
            *(
                ratio(f"Kết luận: {LEVEL_LABELS[row['level']]}", row["count"], b["concluded"])
                for row in b["levels"]
            ),
        ],
        caption=f"Việc đột phá, đổi mới năm {f['year']}",
    )


def _tasks_grouped(f, title, header, key, rows):
    return Sheet(
        title,
        [
            Column.text(header, 40),
            Column.integer("Nhiệm vụ được giao", total=True),
            Column.integer("Đã kết luận", total=True),
            Column.integer("Hoàn thành", total=True),
            Column.percent("Tỷ lệ hoàn thành", of=("Hoàn thành", "Đã kết luận")),
        ],
        (
            (r[key], r["tasks"], r["concluded"], r["met"], Ratio(r["met"], r["concluded"]))
            for r in rows
        ),
    )


def _tasks_list(f):
    """One row per task, its targets in one column (value asked, value reached)."""
    return _people(
        "Việc đột phá, đổi mới",
        (
            (
                n,
                t["cadre"],
                t["position"],
                t["agency"],
                t["title"],
                t["field"],
                "\n".join(wording.target_line(target) for target in t["targets"]),
                sum(1 for target in t["targets"] if target["reached"]),
                len(t["targets"]),
                str(LEVEL_LABELS.get(t["conclusion"], "")),
                t["conclusion_note"],
                t["status"],
            )
            for n, t in enumerate(f["breakthroughs"]["list"], start=1)
        ),
        f"Năm {f['year']} không có việc đột phá, đổi mới nào được giao.",
        extra=(
            Column.text("Nhiệm vụ", 50),
            Column.text("Lĩnh vực", 28),
            Column.text("Chỉ tiêu (giá trị giao; kết quả thực hiện)", 60),
            Column.integer("Chỉ tiêu đạt", 10),
            Column.integer("Số chỉ tiêu", 10),
            Column.text("Kết luận", 24),
            Column.text("Ghi chú kết luận", 30),
            Column.text("Trạng thái", 20),
        ),
    )


def _tasks(f):
    """The breakthrough tasks' sheets, only in a year that has any."""
    if not f.get("breakthroughs"):
        return []
    b = f["breakthroughs"]
    return [
        _tasks_overview(f),
        _tasks_grouped(f, "Đột phá - theo cơ quan", "Cơ quan, đơn vị", "agency", b["by_agency"]),
        _tasks_grouped(f, "Đột phá - theo lĩnh vực", "Lĩnh vực", "field", b["by_field"]),
        _tasks_list(f),
    ]


def annual_workbook(figures):
    """The workbook's bytes for a figures snapshot. No "Theo huyện" sheet and no "Huyện"
    column in a year without districts (2025 and later: DECISIONS, the 2025 map change)."""
    f = figures
    with translation.override("vi"):
        commended = [r for r in f["cadres"] if r["commendation"]]
        sheets = [
            _overview(f),
            _levels(f),
            _people(
                "Đề nghị biểu dương",
                (
                    (n, r["name"], r["position"], r["agency"])
                    for n, r in enumerate(commended, start=1)
                ),
                f"Năm {f['year']} không có cán bộ nào được tất cả các xã theo dõi đề nghị "
                "biểu dương.",
            ),
            _people(
                "Đề nghị thay thế",
                (
                    (n, r["name"], r["position"], r["agency"], "; ".join(r["reasons"]))
                    for n, r in enumerate(f["replacement"], start=1)
                ),
                f"Năm {f['year']} không có cán bộ nào bị đề nghị thay thế.",
                extra=(Column.text("Lý do", 60),),
            ),
            _gaps(f),
            _several(f),
            _by_agency(f),
            *([_by_district(f)] if f.get("by_district") else []),
            *([_commune_level(f)] if f.get("commune_level") else []),
            _cadres(f),
            _forms(f),
            *_tasks(f),
        ]
        return workbook_bytes(sheets)
