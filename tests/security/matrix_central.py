"""Permission matrix of a central installation (issue 19): config.urls_central, whose roles are
staff, leader and the system administrator only. The province's matrix
(test_permission_matrix) walks config.urls and cannot switch URL conf per row, so these rows are
run by tests/rollup/test_central_access.py under the central URL conf, which also checks that
every central URL has a row here.

Same format as the province's matrix: name: (kwargs from the world, GET row, POST row); a row
lists one code per role, in CENTRAL_ROLES order."""

CENTRAL_ROLES = ("anonymous", "leader", "staff", "superuser")

EVERYONE = "login 200 200 200"
STAFF = "login 403 200 200"

ROWS = {
    "home": (None, EVERYONE, EVERYONE),
    "healthz": (None, "200 200 200 200", "200 200 200 200"),
    "organisation_setup": (None, STAFF, STAFF),
    "set_language": (None, "302 302 302 302", "302 302 302 302"),
    "login": (None, "200 302 302 302", "200 302 302 302"),
    "logout": (None, "405 405 405 405", "login login login login"),
    "password_change": (None, EVERYONE, EVERYONE),
    "otp_setup": (None, EVERYONE, EVERYONE),
    "otp_verify": (None, "login 302 302 302", "login 302 302 302"),
    # provinces and keys: leaders read, staff register (an empty POST shows the form's errors)
    "central:provinces": (None, EVERYONE, STAFF),
    "central:province_key_add": (lambda w: {"pk": w["province"].pk}, STAFF, STAFF),
    # snapshots: leaders read, staff import
    "central:snapshots": (None, EVERYONE, EVERYONE),
    "central:snapshot_detail": (lambda w: {"pk": w["snapshot"].pk}, EVERYONE, EVERYONE),
    "central:snapshot_upload": (None, STAFF, STAFF),
    # the comparison and the central report (their helper's pages: rows to confirm there)
    "central:comparison": (None, EVERYONE, EVERYONE),
    "central:reports": (None, EVERYONE, EVERYONE),
    # a report job's progress and download (the central report's page links to them)
    "reports:job_status": (lambda w: {"pk": w["job"].pk}, EVERYONE, EVERYONE),
    "reports:download": (lambda w: {"pk": w["job"].pk}, EVERYONE, EVERYONE),
}

# Parameters the views read (400 when malformed).
GET_READS = {
    "central:snapshots": {"year", "province"},
}
