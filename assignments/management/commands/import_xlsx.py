from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assignments.imports import IMPORT_SPECS
from core.imports import ImportFileError, parse_date, run_import


def _date_option(value):
    try:
        return parse_date(value)
    except Exception as exc:
        raise CommandError(_("«%(value)s» is not a date (dd/mm/yyyy).") % {"value": value}) from exc


class Command(BaseCommand):
    help = (
        "Import a workbook (all or nothing). With --dry-run nothing is written; the counts say "
        "how many rows are new, changed and unchanged. Exits non-zero if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORT_SPECS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--valid-from", help="communes: the map's first day (dd/mm/yyyy)")
        parser.add_argument("--valid-to", help="communes: the map's last day (dd/mm/yyyy)")

    def handle(self, *args, **options):
        spec_class = IMPORT_SPECS[options["kind"]]
        spec_options = {
            key: _date_option(options[key])
            for key in ("valid_from", "valid_to")
            if options.get(key)
        }
        spec = spec_class(options=spec_options)
        try:
            with open(options["file"], "rb") as handle:
                result = run_import(spec, handle, dry_run=options["dry_run"])
        except FileNotFoundError as exc:
            raise CommandError(_("File not found: %(path)s") % {"path": options["file"]}) from exc
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for note in result.notes:
            self.stdout.write(note)
        for error in result.errors:
            value = f" «{error.value}»" if error.value else ""
            self.stderr.write(
                _("Row %(row)d, column «%(column)s»: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
                + value
            )
        columns = {c.key: c for c in spec.columns}
        for unknown in result.unknown_values:
            words = "; ".join(word for _value, word in columns[unknown.column].vocabulary.choices)
            self.stderr.write(
                _(
                    "Column «%(column)s»: «%(value)s» is not in the list (%(count)d rows, from row "
                    "%(row)d). Write one of: %(words)s; or map it once in the browser's preview."
                )
                % {
                    "column": unknown.label,
                    "value": unknown.value,
                    "count": unknown.count,
                    "row": unknown.rows[0],
                    "words": words,
                }
            )
        summary = _("%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % {
            "rows": result.rows,
            "new": result.new,
            "changed": result.changed,
            "unchanged": result.unchanged,
        }
        if not result.ok:
            raise CommandError(
                _("%(count)d error(s); nothing was written.")
                % {"count": result.error_count + len(result.unknown)}
                + " "
                + summary
            )
        if result.dry_run:
            self.stdout.write(_("Dry run, nothing written.") + " " + summary)
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.") + " " + summary))
