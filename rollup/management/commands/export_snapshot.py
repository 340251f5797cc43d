from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.params import YEAR_MAX, YEAR_MIN
from evaluations.models import EvaluationRound
from rollup.export import snapshot_export
from rollup.schema import SnapshotError


def refuse_in_central():
    """Snapshots are made and signed by provinces; a central installation only receives them."""
    if settings.CENTRAL:
        raise CommandError(
            _(
                "This is a central installation: snapshots are exported and signed by the "
                "provinces' installations, not here."
            )
        )


class Command(BaseCommand):
    help = (
        "Write the year's signed snapshot (counts only, no names) for the centre: the same file "
        "as the staff page «Send figures to the centre»."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--out", required=True, help="the file to write (or a folder: its suggested name)"
        )

    def handle(self, *args, **options):
        refuse_in_central()
        year = options["year"]
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(
                _("The year must be from %(min)s to %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        out = Path(options["out"])
        try:
            filename, content, export = snapshot_export(year=year)
        except SnapshotError as exc:
            raise CommandError(exc.message) from exc
        if out.is_dir():
            out = out / filename
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc.strerror}
            ) from exc
        if not EvaluationRound.objects.filter(year=year).exists():
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(year)s has no evaluation round: the file holds the communes and their "
                        "coverage, and no forms."
                    )
                    % {"year": year}
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(path)s: snapshot of %(year)s, version %(sequence)s, signed with key "
                    "%(key)s."
                )
                % {"path": out, "year": year, "sequence": export.sequence, "key": export.key_id}
            )
        )
