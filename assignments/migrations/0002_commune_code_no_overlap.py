from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from core.db import VendorSQL, no_overlap_sqlite_triggers

SQLITE, SQLITE_REVERSE = no_overlap_sqlite_triggers(
    table="assignments_commune", name="commune_code_overlap", key_columns=["code"]
)


class PostgresOnly(BtreeGistExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    """A commune code is unique among the communes in force on any one date."""

    dependencies = [("assignments", "0001_initial")]

    operations = [
        PostgresOnly(),
        VendorSQL(
            postgresql=[
                "ALTER TABLE assignments_commune ADD CONSTRAINT commune_code_overlap "
                "EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)"
            ],
            reverse_postgresql=[
                "ALTER TABLE assignments_commune DROP CONSTRAINT commune_code_overlap"
            ],
            sqlite=SQLITE,
            reverse_sqlite=SQLITE_REVERSE,
        ),
    ]
