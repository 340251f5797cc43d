"""The database side of backup and restore, per vendor: what it holds (applied migrations,
rows per model), a consistent copy of it (SQLite's backup API; pg_dump on a snapshot exported
by the transaction that counts the rows), and loading a copy back (the backup API again;
pg_restore in one transaction). Either way a load replaces everything or nothing."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import BackupError

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# Rows that machines add while the site runs; they neither make a database "not empty" nor
# count as a difference after a restore.
VOLATILE = {
    "core.WorkerHeartbeat",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
}


def counted_tables():
    """{table: model label} for every table Django manages, many-to-many tables included."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.proxy and meta.managed:
            tables.setdefault(meta.db_table, meta.label)
    return tables


def _read_state(cursor, existing_tables):
    """Applied migrations and rows per model, read through any DB-API cursor (Django's, or
    sqlite3's on the copy), so the manifest describes exactly what was dumped."""
    row_counts = {}
    for table, label in sorted(counted_tables().items()):
        if table in existing_tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from models
            row_counts[label] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in existing_tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return {"migrations": migrations, "row_counts": row_counts}


def current_state(connection):
    with connection.cursor() as cursor:
        return _read_state(cursor, set(connection.introspection.table_names(cursor)))


def project_data(connection):
    """Rows in the project's own tables (users, registry, assignments, forms, reports,
    activity): what a restore would overwrite. `migrate` fills none of them."""
    labels = {
        model._meta.label: model
        for app in apps.get_app_configs()
        if Path(app.path).resolve().is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(app.path).parts
        for model in app.get_models()
    }
    counts = current_state(connection)["row_counts"]
    return {
        labels[label]: count
        for label, count in counts.items()
        if label in labels and label not in VOLATILE and count
    }


def _pg_env(settings_dict):
    """libpq's variables for pg_dump / pg_restore: the password travels in PGPASSWORD, never
    on a command line that `ps` shows to every user of the machine."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    env = dict(os.environ)
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def _run_pg_tool(program, args, settings_dict):
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _(
                "%(program)s was not found: install the PostgreSQL client of the server's "
                "major version."
            )
            % {"program": program},
            code="tool",
        )
    completed = subprocess.run(  # noqa: S603 - fixed program, arguments are not from users
        [executable, "--no-password", *args],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": completed.stderr.strip()[-2000:]},
            code="tool",
        )


def _dump_sqlite(connection, target):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent snapshot
        # A self-contained file: no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return _read_state(cursor, {name for (name,) in cursor.fetchall()})
    finally:
        copy.close()


def _dump_postgresql(connection, target):
    if connection.in_atomic_block:
        raise RuntimeError("backup_create must run outside a transaction on PostgreSQL")
    # A first query outside the transaction: Django's connection health check runs there,
    # so SET TRANSACTION below is the transaction's first statement.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        # Counted and dumped from one snapshot: the manifest matches the dump exactly.
        state = _read_state(cursor, set(connection.introspection.table_names(cursor)))
        _run_pg_tool(
            "pg_dump",
            ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            connection.settings_dict,
        )
    return state


def dump(connection, target):
    """Copy the database into the file `target`; returns its state (migrations, row counts)
    as the copy holds it, and the server's version."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(connection, target), sqlite3.sqlite_version
    return _dump_postgresql(connection, target), str(connection.pg_version)


def load(connection, copy):
    """Replace the database's content with the copy at `copy`, all or nothing."""
    if connection.in_atomic_block:
        raise RuntimeError("backup_restore must run outside a transaction")
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(copy)
            try:
                # Page by page into the live connection, in one write transaction: the whole
                # file is replaced, or nothing is.
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()  # its session must hold nothing pg_restore waits for
            _run_pg_tool(
                "pg_restore",
                [
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(copy),
                ],
                connection.settings_dict,
            )
    except (BackupError, sqlite3.Error) as exc:
        raise BackupError(
            _("The database could not be restored (%(error)s). Nothing was changed.")
            % {"error": exc},
            code="database",
        ) from exc
    ContentType.objects.clear_cache()  # ids may differ from the ones cached before
