"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: cell_meetings.
Same format: name: (kwargs from the world, GET row, POST row)."""

ROWS = {}
