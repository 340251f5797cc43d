"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: cell_meetings.
Same format: name: (kwargs from the world, GET row, POST row).

A commune keeps its own members' cell meetings (commune B: 404 on commune A's); staff and
leaders read every commune's; working groups are the province's (staff keep them, leaders read)."""


def _meeting(w):
    return {"pk": w["cell_meeting"].pk}


def _group(w):
    return {"pk": w["group"].pk}


ROWS = {
    "activity:cell_meetings": (
        None,
        "login 200 200 403 200 200 200",
        "login 200 200 403 200 200 200",
    ),
    "activity:members_under": (
        None,
        "login 200 200 403 200 200 200",
        "login 200 200 403 200 200 200",
    ),
    "activity:cell_meeting_new": (
        None,
        "login 200 200 403 403 403 403",
        "login 200 200 403 403 403 403",
    ),
    "activity:cell_meeting_edit": (
        _meeting,
        "login 200 404 403 403 403 403",
        "login 200 404 403 403 403 403",
    ),
    "activity:cell_meeting_delete": (
        _meeting,
        "405 405 405 405 405 405 405",
        "login 302 404 403 403 403 403",
    ),
    "activity:groups": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "activity:group_new": (None, "login 403 403 403 403 200 200", "login 403 403 403 403 200 200"),
    "activity:group_detail": (
        _group,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "activity:group_edit": (
        _group,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "activity:group_visit_new": (
        _group,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
}

# For tests/security/test_malformed_parameters.py (merged there as ROWS are merged into MATRIX):
# the parameters these views read (core.params: a malformed value answers 400); a commune reads
# its own members whatever ?commune= says.
GET_READS = {
    "activity:cell_meetings": {"year", "commune"},
    "activity:members_under": {"year", "commune"},
}
POST_READS = {
    "activity:cell_meetings": {"year"},
    "activity:members_under": {"year"},
}
NOT_READ = {
    ("activity:cell_meetings", "commune_a"): {"commune"},
    ("activity:members_under", "commune_a"): {"commune"},
}
