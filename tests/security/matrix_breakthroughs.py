"""Permission matrix rows (test_permission_matrix.MATRIX), breakthrough tasks (issue 18).
Same format: name: (kwargs from the world, GET row, POST row)."""

ROWS = {}
