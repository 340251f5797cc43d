"""Backup and restore: one .tar.gz with the database, the media files and a manifest.

The archive holds
    database.sqlite3 or database.dump   a consistent copy: SQLite's backup API, or
                                        `pg_dump --format=custom` on an exported snapshot
    media/...                           every file under MEDIA_ROOT (report files, uploads)
    manifest.json                       written last: when, which versions, the vendor, the
                                        applied migrations, rows per model, sha256 of each file

`backup_restore` checks everything before it changes anything (the archive reads to its end,
every checksum matches, same vendor, no migration this code does not know, an empty target
unless `replace`), puts the media files in place by renames, loads the database in one
transaction (putting the old media files back if that fails), then counts the rows again.

The archive carries personal data (Law 91/2025/QH15): it is written readable by its owner only.

Inside: `services` (the two workflows and the archive's format), `database` (what the database
holds, copying it out and loading a copy back, per vendor), `media` (the files of MEDIA_ROOT).
"""

from .errors import BackupError
from .services import BackupResult, RestoreResult, backup_create, backup_restore

__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup_create", "backup_restore"]
