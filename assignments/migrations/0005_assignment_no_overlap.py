from django.db import migrations

from core.db import VendorSQL, no_overlap_sqlite_triggers

COMMUNE_SQLITE, COMMUNE_SQLITE_REVERSE = no_overlap_sqlite_triggers(
    table="assignments_assignment",
    name="assignment_commune_overlap",
    key_columns=["commune_id"],
    start="start_date",
    end="end_date",
)
CADRE_SQLITE, CADRE_SQLITE_REVERSE = no_overlap_sqlite_triggers(
    table="assignments_assignment",
    name="assignment_cadre_overlap",
    key_columns=["cadre_id"],
    start="start_date",
    end="end_date",
    extra_condition="{row}.exception_reason = ''",
)


class Migration(migrations.Migration):
    """Kết luận 1016-KL/TU: 1 leader : 1 commune.

    A commune has at most one assignment in force on any date; a cadre at most one ordinary
    assignment (a second commune at the same time only as a recorded exception).
    """

    dependencies = [("assignments", "0004_assignment")]

    operations = [
        VendorSQL(
            postgresql=[
                "ALTER TABLE assignments_assignment ADD CONSTRAINT assignment_commune_overlap "
                "EXCLUDE USING gist (commune_id WITH =, "
                "daterange(start_date, end_date, '[]') WITH &&)",
                "ALTER TABLE assignments_assignment ADD CONSTRAINT assignment_cadre_overlap "
                "EXCLUDE USING gist (cadre_id WITH =, "
                "daterange(start_date, end_date, '[]') WITH &&) WHERE (exception_reason = '')",
            ],
            reverse_postgresql=[
                "ALTER TABLE assignments_assignment DROP CONSTRAINT assignment_commune_overlap",
                "ALTER TABLE assignments_assignment DROP CONSTRAINT assignment_cadre_overlap",
            ],
            sqlite=COMMUNE_SQLITE + CADRE_SQLITE,
            reverse_sqlite=COMMUNE_SQLITE_REVERSE + CADRE_SQLITE_REVERSE,
        ),
    ]
