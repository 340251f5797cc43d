"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: hamlets.
Same format: name: (kwargs from the world, GET row, POST row)."""

ROWS = {}
