"""Backup and restore, the two workflows, and the archive's format:

database.sqlite3 or database.dump   the database copy (see `database`)
media/...                           every file under MEDIA_ROOT
keys/...                            the snapshot signing key and its retired keys (`keys`), if any
manifest.json                       written last: when, which versions, the vendor, the
                                    applied migrations, rows per model, sha256 of each file
"""

import gzip
import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from . import database, keys, media
from .errors import BackupError

FORMAT = "theodoi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
APP_DISTRIBUTION = "theodoi-xa"


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict
    warnings: list = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    row_counts: dict
    media_files: int
    media_bytes: int
    pending_migrations: list
    keys: list = field(default_factory=list)


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(tar, path, name):
    """Add a file and return its checksum, computed from the very bytes archived."""
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as raw:
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def backup_create(*, out, using=DEFAULT_DB_ALIAS):
    """Write the archive to `out` (through a temporary name, so a failed run leaves no file
    that looks complete). Returns a BackupResult."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in database.DUMP_NAMES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor},
            code="vendor",
        )
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    warnings = []
    if not isinstance(default_storage, FileSystemStorage):
        warnings.append(
            _(
                "Media files are kept by %(storage)s, not in MEDIA_ROOT: they are not in this "
                "backup."
            )
            % {"storage": type(default_storage).__name__}
        )
    with tempfile.TemporaryDirectory(prefix="theodoi-backup-") as work:
        dump = Path(work) / database.DUMP_NAMES[vendor]
        state, server_version = database.dump(connection, dump)
        media_files = media.media_files(skip={out, partial})
        partial.unlink(missing_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as handle,
                tarfile.open(fileobj=handle, mode="w:gz") as tar,
            ):
                copy = _add_file(tar, dump, dump.name)
                files = {}
                for path, rel in media_files:
                    try:
                        files[rel] = _add_file(tar, path, MEDIA_PREFIX + rel)
                    except FileNotFoundError:
                        continue  # deleted since the database copy: nothing there names it
                key_entries = {}
                for path, name in keys.key_files():
                    key_entries[name] = _add_file(tar, path, keys.PREFIX + name)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.now().isoformat(),
                    "app_version": _app_version(),
                    "django_version": django.get_version(),
                    "python_version": platform.python_version(),
                    "database": {
                        "vendor": vendor,
                        "server_version": server_version,
                        "file": dump.name,
                        **copy,
                    },
                    "migrations": state["migrations"],
                    "row_counts": state["row_counts"],
                    "media": files,
                    "keys": key_entries,
                }
                payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(payload))
            partial.replace(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=out, size=out.stat().st_size, manifest=manifest, warnings=warnings)


def _app_version():
    try:
        return metadata.version(APP_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def _not_ours():
    return BackupError(
        _("This file is not a backup made by this application. Nothing was changed."),
        code="not_ours",
    )


def _extract(tar, member, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    digest = hashlib.sha256()
    with open(target, "wb") as handle:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def _unpack(archive, *, staging, work):
    """Read the archive to its end: the database copy into `work`, media files into
    `staging`, the signing keys into `work`/keys. Returns (manifest, dump path, {key name:
    staged path}) once every checksum matches its manifest."""
    manifest, dump, dump_sha, files, key_files, key_shas = None, None, None, {}, {}, {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isreg():
                    raise _not_ours()
                if member.name == MANIFEST:
                    manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
                elif member.name in database.DUMP_NAMES.values() and dump is None:
                    dump = work / member.name
                    dump_sha = _extract(tar, member, dump)
                elif member.name.startswith(MEDIA_PREFIX):
                    relative = media.safe_name(member.name[len(MEDIA_PREFIX) :])
                    if relative is None or relative in files:
                        raise _not_ours()
                    files[relative] = _extract(tar, member, staging / relative)
                elif member.name.startswith(keys.PREFIX):
                    name = keys.safe_name(member.name[len(keys.PREFIX) :])
                    if name is None or name in key_files:
                        raise _not_ours()
                    key_files[name] = work / "keys" / name
                    key_shas[name] = _extract(tar, member, key_files[name])
                else:
                    raise _not_ours()
            # To the end of the compressed stream, so gzip checks its CRC of the whole.
            while tar.fileobj.read(1024 * 1024):
                pass
    except FileNotFoundError as exc:
        raise BackupError(
            _("File not found: %(path)s") % {"path": archive}, code="missing"
        ) from exc
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        raise BackupError(
            _("The archive is damaged or incomplete (%(error)s). Nothing was changed.")
            % {"error": exc},
            code="damaged",
        ) from exc
    if not _looks_like_manifest(manifest) or dump is None:
        raise _not_ours()
    if dump.name != manifest["database"]["file"] or dump_sha != manifest["database"]["sha256"]:
        raise BackupError(
            _("The database copy in the archive does not match its checksum. Nothing was changed."),
            code="checksum",
        )
    expected = {name: entry.get("sha256") for name, entry in manifest["media"].items()}
    for name in sorted(set(expected) | set(files)):
        if expected.get(name) != files.get(name):
            raise BackupError(
                _(
                    "The media file «%(name)s» does not match the manifest (missing, extra or "
                    "altered). Nothing was changed."
                )
                % {"name": name},
                code="checksum",
            )
    expected_keys = {name: entry.get("sha256") for name, entry in manifest["keys"].items()}
    for name in sorted(set(expected_keys) | set(key_shas)):
        if expected_keys.get(name) != key_shas.get(name):
            raise BackupError(
                _(
                    "The signing key «%(name)s» does not match the manifest (missing, extra or "
                    "altered). Nothing was changed."
                )
                % {"name": name},
                code="checksum",
            )
    return manifest, dump, key_files


def _looks_like_manifest(manifest):
    return (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and manifest.get("format_version") == FORMAT_VERSION
        and isinstance(manifest.get("database"), dict)
        and {"vendor", "file", "sha256"} <= set(manifest["database"])
        and isinstance(manifest.get("media"), dict)
        and all(isinstance(entry, dict) for entry in manifest["media"].values())
        and isinstance(manifest.get("row_counts"), dict)
        and isinstance(manifest.get("migrations"), list)
        and isinstance(manifest.setdefault("keys", {}), dict)  # absent before issue 19
        and all(isinstance(entry, dict) for entry in manifest["keys"].values())
    )


def _check_compatible(manifest, connection):
    """Same vendor, and no migration this code does not know. Returns the migrations this
    code has and the backup predates (`migrate` applies them afterwards)."""
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "The backup holds a %(archive)s database but this installation uses "
                "%(target)s. Nothing was changed."
            )
            % {"archive": vendor, "target": connection.vendor},
            code="vendor",
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            _(
                "The backup comes from a newer version of the application (unknown migrations: "
                "%(names)s). Update the application first. Nothing was changed."
            )
            % {"names": ", ".join(unknown[:5])},
            code="version",
        )
    return sorted(known - set(manifest["migrations"]))


def _check_empty(connection):
    data = database.project_data(connection)
    if data:
        examples = ", ".join(
            f"{model._meta.verbose_name_plural}: {count}" for model, count in list(data.items())[:4]
        )
        raise BackupError(
            _(
                "This database already holds data (%(examples)s). Run again with --yes to "
                "replace it with the backup. Nothing was changed."
            )
            % {"examples": examples},
            code="not_empty",
        )


def backup_restore(*, archive, replace=False, using=DEFAULT_DB_ALIAS):
    """Bring back the database and the media files of `archive`. Refuses, changing nothing,
    a damaged or foreign archive, a wrong checksum, another vendor, a newer application, and
    a database that already holds data unless `replace`."""
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Inside MEDIA_ROOT, so files move into place by renames on one file system; MEDIA_ROOT
    # itself stays where it is (in docker compose it is a volume, which cannot be renamed).
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    replaced = Path(tempfile.mkdtemp(prefix=".replaced-", dir=media_root))
    work = Path(tempfile.mkdtemp(prefix="theodoi-restore-"))
    try:
        manifest, dump, staged_keys = _unpack(Path(archive), staging=staging, work=work)
        pending = _check_compatible(manifest, connection)
        if not replace:
            _check_empty(connection)
        media.move_entries(media_root, replaced)
        try:
            media.move_entries(staging, media_root)
        except OSError:
            media.move_entries(replaced, media_root)
            raise
        try:
            database.load(connection, dump)
        except BaseException:
            # The old files go back beside the old data.
            media.move_entries(media_root, staging)
            media.move_entries(replaced, media_root)
            raise
        # The signing key back in its place (mode 600), so the province signs as before.
        restored_keys = keys.put_back(staged_keys)
    finally:
        for folder in (staging, replaced, work):
            shutil.rmtree(folder, ignore_errors=True)
    counts = database.current_state(connection)["row_counts"]
    known = set(database.counted_tables().values())
    differences = [
        f"{label}: {expected} → {counts.get(label)}"
        for label, expected in sorted(manifest["row_counts"].items())
        if label in known and label not in database.VOLATILE and counts.get(label) != expected
    ]
    if differences:
        raise BackupError(
            _("Restored, but the row counts differ from the manifest: %(differences)s.")
            % {"differences": "; ".join(differences)},
            code="counts",
        )
    return RestoreResult(
        manifest=manifest,
        row_counts=counts,
        media_files=len(manifest["media"]),
        media_bytes=sum(entry.get("size", 0) for entry in manifest["media"].values()),
        pending_migrations=pending,
        keys=restored_keys,
    )
