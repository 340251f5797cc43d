from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.backup import BackupError, backup_restore
from core.formats import ddmmyyyy_hhmm

# What the summary names one by one: what staff would miss first.
HIGHLIGHTS = [
    "assignments.Commune",
    "assignments.Cadre",
    "assignments.Assignment",
    "evaluations.EvaluationForm",
    "reports.ReportJob",
    "activity.Plan",
    "activity.Report",
    "accounts.User",
]


class Command(BaseCommand):
    help = (
        "Bring back the database and the media files of an archive written by `backup`. "
        "Refuses a damaged archive, a wrong checksum, another database vendor, and a database "
        "that already holds data unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the data of a database that is not empty",
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(archive=options["archive"], replace=options["yes"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        created = parse_datetime(manifest.get("created_at") or "")
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the backup made at %(created)s (%(vendor)s, application %(version)s).")
                % {
                    "created": ddmmyyyy_hhmm(timezone.localtime(created)) if created else "?",
                    "vendor": manifest["database"]["vendor"],
                    "version": manifest.get("app_version", "?"),
                }
            )
        )
        self.stdout.write(
            _("Database: %(rows)d rows in %(tables)d tables, matching the manifest.")
            % {"rows": sum(result.row_counts.values()), "tables": len(result.row_counts)}
        )
        for label in HIGHLIGHTS:
            model = apps.get_model(label)
            self.stdout.write(
                f"  {model._meta.verbose_name_plural}: {result.row_counts.get(label, 0)}"
            )
        self.stdout.write(
            _("Media files: %(files)d (%(size)s) in %(folder)s.")
            % {
                "files": result.media_files,
                "size": filesizeformat(result.media_bytes),
                "folder": settings.MEDIA_ROOT,
            }
        )
        for path in result.keys:
            self.stdout.write(_("Snapshot signing key put back: %(path)s.") % {"path": path})
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The application has migrations the backup predates: run "
                        "«python manage.py migrate»."
                    )
                )
            )
