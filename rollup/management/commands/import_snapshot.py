from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rollup.management.commands.register_province import refuse_outside_central
from rollup.services import (
    MAX_SNAPSHOT_BYTES,
    SnapshotRefused,
    snapshot_import,
    snapshot_import_message,
    too_large,
)


class Command(BaseCommand):
    help = (
        "Import provinces' signed snapshot files (central installation). Each file is accepted "
        "or refused on its own; the exit code is 1 if any was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        refuse_outside_central()
        refused = 0
        for name in options["files"]:
            path = Path(name)
            try:
                message = self._import(path)
            except SnapshotRefused as exc:
                refused += 1
                self.stderr.write(
                    _("Refused: %(file)s: %(reason)s") % {"file": path, "reason": exc}
                )
            else:
                self.stdout.write(
                    _("Accepted: %(file)s: %(message)s") % {"file": path, "message": message}
                )
        if refused:
            raise CommandError(
                _("%(refused)d of %(total)d files refused.")
                % {"refused": refused, "total": len(options["files"])}
            )

    def _import(self, path):
        try:
            if path.stat().st_size > MAX_SNAPSHOT_BYTES:  # not read at all
                raise too_large()
            content = path.read_bytes()
        except OSError as exc:
            raise SnapshotRefused(
                _("Cannot read the file: %(error)s.") % {"error": exc.strerror or exc}
            ) from exc
        snapshot, created = snapshot_import(content=content)
        return snapshot_import_message(snapshot, created)
