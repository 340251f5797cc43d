"""The sentences and totals the PDF reports compose from a figures snapshot (reports.figures):
which kinds of commune the province has, whether the figures are provisional, the totals row of
each table, and the closing paragraph. They read only the snapshot, state only what its figures
say, and are written in Vietnamese, as every printed document is."""

from datetime import datetime
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone, translation
from django.utils.formats import number_format

from assignments.models import Commune
from core.formats import ddmmyyyy
from core.ratio import Ratio
from evaluations.models import LEVEL_ORDER, Level


def communes_phrase(figures):
    """ "xã, phường, đặc khu" with only the kinds the province has that year ("xã, phường" without
    a special zone). A snapshot made before the kinds were recorded says what the map of its
    year allowed."""
    kinds = figures.get("commune_kinds")
    if kinds is None:
        kinds = ["xa", "phuong", "thi_tran"] if figures.get("has_districts") else ["xa", "phuong"]
    words = [Commune.KIND_ALIASES[kind][0] for kind in kinds if kind in Commune.KIND_ALIASES]
    return ", ".join(words) or "xã, phường"


def computed_on(figures):
    """The day the snapshot was taken, in local time."""
    return timezone.localtime(datetime.fromisoformat(figures["computed_at"])).date()


def provisional_line(figures):
    """The line under the title of a report built while the round is still open, or ""."""
    if not figures.get("provisional"):
        return ""
    return (
        f"Số liệu tạm tính đến ngày {ddmmyyyy(computed_on(figures))}: đợt đánh giá chưa kết thúc."
    )


def ratio_text(numerator, denominator):
    """ "3/4 (75,0 %)": a ratio as the report prints it, with its numerator and denominator."""
    ratio = Ratio(numerator, denominator)
    return f"{ratio} ({ratio.percent_label()})"


def _value(text):
    """A target's value as stored in the snapshot ('1500.5') as printed ('1.500,5')."""
    if not text:
        return ""
    with translation.override("vi"):
        return number_format(Decimal(text), force_grouping=True)


def target_line(target):
    """A breakthrough task's target as the per-cadre sheet prints it: the measure and the value
    asked ("tối thiểu" or "tối đa"), then the value reached and whether it is reached."""
    bound = "tối đa" if target["direction"] == "at_most" else "tối thiểu"
    line = f"{target['measure']}: {bound} {_value(target['value'])} {target['unit']}".strip()
    if target["reached_value"] is None:
        return f"{line}; chưa đánh giá"
    outcome = "đạt" if target["reached"] else "không đạt"
    return f"{line}; thực hiện {_value(target['reached_value'])} {target['unit']} ({outcome})"


def _total(rows, key):
    return sum(row[key] for row in rows)


def agency_totals(figures):
    """The totals row of the table by agency (every column adds up)."""
    rows = figures["by_agency"]
    return {
        key: _total(rows, key)
        for key in ("cadres", "expected", "submitted", "commendation", *LEVEL_ORDER)
    }


def district_totals(figures):
    """The totals row of the table by district, with its ratio."""
    rows = figures["by_district"]
    totals = {key: _total(rows, key) for key in ("communes", "expected", "submitted")}
    totals["ratio"] = Ratio(totals["submitted"], totals["expected"])
    return totals


def _n(value):
    return intcomma(value)


def closing(figures):
    """The closing section, as {"conclusion": paragraph, "proposals": [lines]}: a conclusion
    that restates the year's main figures, then what the Organization Department proposes,
    each proposal only when a figure calls for it. Nothing is said that the figures do not."""
    f = figures
    kinds = communes_phrase(f)
    forms = f["forms"]
    submitted = Ratio(forms["submitted"], forms["expected"])
    evaluated = f["cadres_evaluated"]
    counts = {row["level"]: row["count"] for row in f["levels"]}
    good_or_better = counts.get(Level.EXCELLENT, 0) + counts.get(Level.GOOD, 0)
    not_completed = counts.get(Level.NOT_COMPLETED, 0)
    missing = forms["expected"] - forms["submitted"]

    sentences = [
        f"Năm {f['year']}, Đảng ủy các {kinds} đã gửi {submitted} phiếu nhận xét phải nộp "
        f"(đạt {submitted.percent_label()})"
        + (f", còn {_n(missing)} phiếu chưa gửi" if missing > 0 else "")
        + "."
    ]
    if evaluated:
        sentences.append(
            f"Trong {_n(evaluated)} đồng chí được nhận xét, đánh giá, có {_n(good_or_better)} "
            f"đồng chí hoàn thành tốt nhiệm vụ trở lên "
            f"({Ratio(good_or_better, evaluated).percent_label()})"
            + (
                f", {_n(not_completed)} đồng chí không hoàn thành nhiệm vụ"
                if not_completed
                else ", không có đồng chí nào không hoàn thành nhiệm vụ"
            )
            + "."
        )
    if f.get("provisional"):
        sentences.append("Đợt đánh giá chưa kết thúc, số liệu trên là số liệu tạm tính.")

    proposals = []
    if f.get("provisional") and missing > 0:
        proposals.append(
            f"Đôn đốc Đảng ủy các {kinds} còn phiếu chưa gửi hoàn thành việc nhận xét, "
            f"đánh giá ({_n(missing)} phiếu)."
        )
    commended = f["commendation"]["count"]
    if commended:
        proposals.append(
            f"Biểu dương, khen thưởng {_n(commended)} đồng chí được tất cả các {kinds} "
            "theo dõi đề nghị."
        )
    if f["replacement"]:
        proposals.append(
            f"Xem xét thay thế cán bộ theo dõi đối với {_n(len(f['replacement']))} đồng chí "
            f"được Đảng ủy {kinds} đề nghị thay thế."
        )
    if not_completed:
        proposals.append(
            f"Yêu cầu {_n(not_completed)} đồng chí không hoàn thành nhiệm vụ theo dõi cơ sở "
            "kiểm điểm, làm rõ nguyên nhân và có biện pháp khắc phục."
        )
    late = f.get("late", {})
    if late.get("plans") or late.get("half") or late.get("annual"):
        proposals.append(
            "Nhắc nhở các đồng chí chậm xây dựng chương trình, kế hoạch theo dõi hoặc chậm "
            "gửi báo cáo thực hiện nghiêm chế độ kế hoạch, báo cáo."
        )
    if f["gaps"]:
        proposals.append(
            f"Kịp thời phân công cán bộ theo dõi khi có thay đổi, bảo đảm mỗi {kinds} luôn có "
            f"cán bộ theo dõi (năm {f['year']} có {_n(len(f['gaps']))} {kinds} có thời gian "
            "không có cán bộ theo dõi)."
        )
    if not proposals:
        proposals.append(
            "Tiếp tục thực hiện việc phân công cán bộ lãnh đạo cơ quan, đơn vị cấp tỉnh theo "
            "dõi cơ sở và nhận xét, đánh giá hằng năm theo quy định."
        )
    return {"conclusion": " ".join(sentences), "proposals": proposals}
