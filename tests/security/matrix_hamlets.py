"""Permission matrix rows (test_permission_matrix.MATRIX), following at every level: hamlets.
Same format: name: (kwargs from the world, GET row, POST row).

Roles in order: anonymous, commune A, commune B, cadre, leader, staff, superuser. Everything in
the world is commune A's: commune B gets 404 on every id; the cadre has no business here (403);
leaders read (200) and are refused the actions (403); an empty POST to a form answers the form
with its errors (200)."""


def _commune(world):
    return {"commune_pk": world["commune"].pk}


READ = "login 200 404 403 200 200 200"
KEEP = "login 200 404 403 403 200 200"

ROWS = {
    # A commune account's own page; staff and leaders pick a commune there.
    "hamlets:home": (None, "login 200 200 403 200 200 200", "login 200 200 403 200 200 200"),
    "hamlets:commune": (_commune, READ, READ),
    "hamlets:coverage": (_commune, READ, READ),
    "hamlets:cells": (_commune, READ, READ),
    "hamlets:members": (_commune, READ, READ),
    "hamlets:hamlet": (lambda w: {"pk": w["hamlet"].pk}, READ, READ),
    "hamlets:hamlet_new": (_commune, KEEP, KEEP),
    "hamlets:hamlet_edit": (lambda w: {"pk": w["hamlet"].pk}, KEEP, KEEP),
    "hamlets:cell_new": (_commune, KEEP, KEEP),
    "hamlets:cell_edit": (lambda w: {"pk": w["cell"].pk}, KEEP, KEEP),
    "hamlets:member_new": (_commune, KEEP, KEEP),
    "hamlets:member_edit": (lambda w: {"pk": w["member"].pk}, KEEP, KEEP),
    "hamlets:assignment_new": (_commune, KEEP, KEEP),
    "hamlets:assignment_end": (lambda w: {"pk": w["hamlet_assignment"].pk}, KEEP, KEEP),
}
