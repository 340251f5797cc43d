"""Permission matrix rows (test_permission_matrix.MATRIX), the province's snapshot for the
centre (issue 19). Same format: name: (kwargs from the world, GET row, POST row).

Staff export (rollup.export_snapshot); leaders read the figures elsewhere but do not send them;
commune and cadre accounts get 403. An empty POST to the export asks for a year (302 back)."""

STAFF_ONLY = "login 403 403 403 403 200 200"

ROWS = {
    "snapshots:home": (None, STAFF_ONLY, STAFF_ONLY),
    "snapshots:export": (
        None,
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "snapshots:public_key": (None, STAFF_ONLY, STAFF_ONLY),
}

# Parameters the views read (test_malformed_parameters).
GET_READS = {"snapshots:home": {"year"}}
POST_READS = {"snapshots:export": {"year"}}
# The export reads the year from the POST body only; a GET never reaches it.
