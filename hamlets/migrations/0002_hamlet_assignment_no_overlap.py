from django.db import migrations

from core.db import VendorSQL, no_overlap_sqlite_triggers

HAMLET_SQLITE, HAMLET_SQLITE_REVERSE = no_overlap_sqlite_triggers(
    table="hamlets_hamletassignment",
    name="hamlet_assignment_hamlet_overlap",
    key_columns=["hamlet_id"],
    start="start_date",
    end="end_date",
)
MEMBER_SQLITE, MEMBER_SQLITE_REVERSE = no_overlap_sqlite_triggers(
    table="hamlets_hamletassignment",
    name="hamlet_assignment_member_overlap",
    key_columns=["member_id"],
    start="start_date",
    end="end_date",
    extra_condition="{row}.exception_reason = ''",
)


class Migration(migrations.Migration):
    """One level down, the provincial rule: a hamlet has at most one assignment in force on any
    date; a member at most one ordinary assignment (a second hamlet only as an exception)."""

    dependencies = [("hamlets", "0001_initial"), ("assignments", "0005_assignment_no_overlap")]

    operations = [
        VendorSQL(
            postgresql=[
                "ALTER TABLE hamlets_hamletassignment ADD CONSTRAINT "
                "hamlet_assignment_hamlet_overlap EXCLUDE USING gist (hamlet_id WITH =, "
                "daterange(start_date, end_date, '[]') WITH &&)",
                "ALTER TABLE hamlets_hamletassignment ADD CONSTRAINT "
                "hamlet_assignment_member_overlap EXCLUDE USING gist (member_id WITH =, "
                "daterange(start_date, end_date, '[]') WITH &&) WHERE (exception_reason = '')",
            ],
            reverse_postgresql=[
                "ALTER TABLE hamlets_hamletassignment DROP CONSTRAINT "
                "hamlet_assignment_hamlet_overlap",
                "ALTER TABLE hamlets_hamletassignment DROP CONSTRAINT "
                "hamlet_assignment_member_overlap",
            ],
            sqlite=HAMLET_SQLITE + MEMBER_SQLITE,
            reverse_sqlite=HAMLET_SQLITE_REVERSE + MEMBER_SQLITE_REVERSE,
        ),
    ]
