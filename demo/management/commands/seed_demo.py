from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Fill the configured database with demo data that shows every screen (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--central",
            action="store_true",
            help="A central installation (INSTALLATION_KIND=central): three demo provinces are "
            "seeded and exported in their own processes and databases, and their snapshots "
            "imported.",
        )
        # Used by --central for each province's own process.
        parser.add_argument("--province-export", metavar="SLUG", help="(internal)")
        parser.add_argument("--out", metavar="FOLDER", help="(internal)")

    def handle(self, *args, **options):
        if options["province_export"]:
            from demo.central import seed_and_export

            seed_and_export(options["province_export"], options["out"])
            return
        if options["central"] != settings.CENTRAL:
            raise CommandError(
                _("seed_demo --central needs INSTALLATION_KIND=central, and only it does.")
            )
        if options["central"]:
            from demo.central import seed_central

            users = seed_central()
        else:
            users = seed_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for user in users:
            self.stdout.write(f"  {user.username:<14} {user.role_label} – {user.get_full_name()}")
