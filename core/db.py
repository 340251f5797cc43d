"""Database rules that Django's constraint classes cannot state for every backend alike.

A rule such as "one commune code among the communes in force on any one date" is an exclusion
constraint on PostgreSQL (btree_gist + daterange overlap); SQLite keeps the same rule with
triggers. Both raise an IntegrityError carrying the rule's name, so the application turns it
into one friendly message whatever the backend.
"""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    """RunSQL with one statement list per database vendor; vendors not listed run nothing."""

    def __init__(self, *, postgresql=(), sqlite=(), reverse_postgresql=(), reverse_sqlite=()):
        self.by_vendor = {
            "postgresql": (list(postgresql), list(reverse_postgresql)),
            "sqlite": (list(sqlite), list(reverse_sqlite)),
        }
        super().__init__(sql=migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return (name, args, kwargs)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        forwards, _backwards = self.by_vendor.get(schema_editor.connection.vendor, ((), ()))
        for statement in forwards:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _forwards, backwards = self.by_vendor.get(schema_editor.connection.vendor, ((), ()))
        for statement in backwards:
            schema_editor.execute(statement, params=None)


def no_overlap_sqlite_triggers(
    *, table, name, key_columns, start="valid_from", end="valid_to", extra_condition=""
):
    """Two triggers (insert, update) that refuse a row whose key equals another row's and whose
    [start, end] period overlaps it. Empty bounds are open. `extra_condition` narrows which rows
    take part (both sides), e.g. "{row}.active = 1"."""
    same_key = " AND ".join(f"o.{c} = NEW.{c}" for c in key_columns)
    overlap = (
        f"COALESCE(o.{start}, '0001-01-01') <= COALESCE(NEW.{end}, '9999-12-31') AND "
        f"COALESCE(NEW.{start}, '0001-01-01') <= COALESCE(o.{end}, '9999-12-31')"
    )
    cond_new = extra_condition.format(row="NEW")
    cond_old = extra_condition.format(row="o")
    statements = []
    for event, not_self in (("INSERT", ""), ("UPDATE", " AND o.id <> NEW.id")):
        when = f"WHEN {cond_new} " if cond_new else ""
        also = f" AND {cond_old}" if cond_old else ""
        # Names come from migrations, never from users.
        sql = f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} {when}"
        sql += f"BEGIN SELECT RAISE(ABORT, '{name}') FROM {table} o "  # noqa: S608
        sql += f"WHERE {same_key} AND {overlap}{also}{not_self}; END"
        statements.append(sql)
    reverse = [f"DROP TRIGGER IF EXISTS {name}_{e}" for e in ("insert", "update")]
    return statements, reverse
