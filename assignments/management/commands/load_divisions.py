from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assignments.divisions import current_provinces, divisions_load, find_current_province
from core.imports import CellError, parse_date


class Command(BaseCommand):
    help = (
        "Load the current map (from 1/7/2025: 34 provinces, 3,321 communes, no districts) "
        "from the vietnam-provinces package. Idempotent."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--province", help="province name or code, e.g. 'Phú Thọ' or 25")
        group.add_argument("--all", action="store_true", help="every province of the country")
        parser.add_argument(
            "--valid-from", help="first day of this map (dd/mm/yyyy); default 01/07/2025"
        )
        parser.add_argument("--valid-to", help="last day of this map (dd/mm/yyyy); default none")

    def handle(self, *args, **options):
        if options["all"]:
            provinces = current_provinces()
        else:
            found = find_current_province(options["province"])
            if found is None:
                raise CommandError(
                    _("No province or city «%(name)s» in the current list.")
                    % {"name": options["province"]}
                )
            provinces = [found]
        period = {}
        for key in ("valid_from", "valid_to"):
            if options.get(key):
                try:
                    period[key] = parse_date(options[key])
                except CellError as exc:
                    raise CommandError(
                        _("«%(value)s» is not a date (dd/mm/yyyy).") % {"value": options[key]}
                    ) from exc
        counts = divisions_load(provinces=provinces, **period)
        self.stdout.write(
            _(
                "%(provinces)d province(s); communes: %(created)d new, %(updated)d changed, "
                "%(unchanged)d unchanged."
            )
            % {"provinces": len(provinces), **counts}
        )
