from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assignments.divisions import current_provinces, divisions_load, find_current_province


class Command(BaseCommand):
    help = (
        "Load the current map (from 1/7/2025: 34 provinces, 3,321 communes, no districts) "
        "from the vietnam-provinces package. Idempotent."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--province", help="province name or code, e.g. 'Phú Thọ' or 25")
        group.add_argument("--all", action="store_true", help="every province of the country")

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
        counts = divisions_load(provinces=provinces)
        self.stdout.write(
            _(
                "%(provinces)d province(s); communes: %(created)d new, %(updated)d changed, "
                "%(unchanged)d unchanged."
            )
            % {"provinces": len(provinces), **counts}
        )
