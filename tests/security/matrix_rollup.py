"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: rollup.
Same format: name: (kwargs from the world, GET row, POST row).

The roll-up is the province's: staff and leaders read it; commune and cadre accounts get 403
(a commune sees its own hamlets on its own pages, not the province's table)."""

READERS = "login 403 403 403 200 200 200"

ROWS = {
    "rollup:province": (None, READERS, READERS),
    "rollup:commune": (lambda w: {"pk": w["commune"].pk}, READERS, READERS),
    "rollup:hamlet": (lambda w: {"pk": w["hamlet"].pk}, READERS, READERS),
}

# Parameters the views read (test_malformed_parameters): the year, everywhere (400 if malformed).
GET_READS = {
    "rollup:province": {"year"},
    "rollup:commune": {"year"},
    "rollup:hamlet": {"year"},
}
