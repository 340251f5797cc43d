"""Permission matrix rows (test_permission_matrix.MATRIX), breakthrough tasks (issue 18).
Same format: name: (kwargs from the world, GET row, POST row).

world["task"] is the cadre Hùng's registered task, world["task_assigned"] his assigned one
(focal point: staff). A commune sees no task (404); the cadre sees his own and acts on them in
their status (else 403); staff prepare, comment, adjust, return, drop and carry; leaders approve
and conclude (DECISIONS); the focal point remarks and assesses."""

from datetime import date

from django.core.files.base import ContentFile

from breakthroughs.models import ProgressReport


def _task(w):
    return {"pk": w["task"].pk}


def _assigned(w):
    return {"pk": w["task_assigned"].pk}


def _progress_report(w):
    report = ProgressReport(
        task=w["task_assigned"], day=date(2026, 6, 30), text="Đã xong 40 %", file_name="bc.pdf"
    )
    report.file.save("bc.pdf", ContentFile(b"%PDF-1.7 progress"), save=False)
    report.save()
    return {"pk": report.pk}


NOT_POSTED = "405 405 405 405 405 405 405"

ROWS = {
    "breakthroughs:list": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "breakthroughs:print": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "breakthroughs:export": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "breakthroughs:deadlines": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 403 200 200",
    ),
    "breakthroughs:mine": (None, "login 403 403 200 302 302 302", "login 403 403 200 302 302 302"),
    "breakthroughs:new": (None, "login 403 403 200 403 403 403", "login 403 403 200 403 403 403"),
    "breakthroughs:task": (_task, "login 404 404 200 200 200 200", NOT_POSTED),
    "breakthroughs:edit": (
        _task,
        "login 404 404 403 403 200 200",
        "login 404 404 403 403 200 200",
    ),
    "breakthroughs:register": (_task, NOT_POSTED, "login 404 404 302 403 403 403"),
    "breakthroughs:progress": (
        _assigned,
        "login 404 404 200 403 403 403",
        "login 404 404 200 403 403 403",
    ),
    "breakthroughs:self_assessment": (
        _assigned,
        "login 404 404 200 403 403 403",
        "login 404 404 200 403 403 403",
    ),
    "breakthroughs:focal_assessment": (
        _assigned,
        "login 404 404 403 403 200 200",
        "login 404 404 403 403 200 200",
    ),
    "breakthroughs:progress_file": (
        _progress_report,
        "login 404 404 200 200 200 200",
        "login 404 404 200 200 200 200",
    ),
    "breakthroughs:comment": (_task, NOT_POSTED, "login 404 404 403 403 200 200"),
    "breakthroughs:return": (_task, NOT_POSTED, "login 404 404 403 403 200 200"),
    "breakthroughs:approve": (_task, NOT_POSTED, "login 404 404 403 302 403 302"),
    "breakthroughs:conclude": (_assigned, NOT_POSTED, "login 404 404 403 200 403 200"),
    "breakthroughs:remark": (_assigned, NOT_POSTED, "login 404 404 403 403 200 403"),
    "breakthroughs:drop": (_task, NOT_POSTED, "login 404 404 403 403 200 200"),
    "breakthroughs:carry": (_assigned, NOT_POSTED, "login 404 404 403 403 200 200"),
}

# For tests/security/test_malformed_parameters.py: the parameters these views read (core.params:
# a malformed value answers 400). The list's filters are a form: an unknown choice is ignored.
_YEAR_PAGES = (
    "breakthroughs:list",
    "breakthroughs:print",
    "breakthroughs:export",
    "breakthroughs:deadlines",
    "breakthroughs:new",
)
GET_READS = {name: {"year"} for name in _YEAR_PAGES}
POST_READS = {name: {"year"} for name in _YEAR_PAGES}
NOT_READ = {}
