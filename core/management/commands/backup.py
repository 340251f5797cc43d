from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with the database, the media files and a manifest "
        "(versions, migrations, rows per model, checksums). README: Backup and restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", help="archive to write (default: theodoi-backup-YYYYMMDD-HHMMSS.tar.gz here)"
        )

    def handle(self, *args, **options):
        out = options["out"] or f"theodoi-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            result = backup_create(out=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(path)s (%(size)s).")
                % {"path": result.path, "size": filesizeformat(result.size)}
            )
        )
        self.stdout.write(
            _(
                "Database (%(vendor)s): %(rows)d rows in %(tables)d tables; media files: "
                "%(files)d (%(size)s)."
            )
            % {
                "vendor": manifest["database"]["vendor"],
                "rows": sum(manifest["row_counts"].values()),
                "tables": len(manifest["row_counts"]),
                "files": len(manifest["media"]),
                "size": filesizeformat(sum(f["size"] for f in manifest["media"].values())),
            }
        )
        if manifest["keys"]:
            self.stdout.write(
                _(
                    "Snapshot signing keys: %(count)d. The archive holds a private key: keep it "
                    "where only the administrator can read it."
                )
                % {"count": len(manifest["keys"])}
            )
