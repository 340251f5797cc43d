from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Fill the configured database with demo data that shows every screen (idempotent)."

    def handle(self, *args, **options):
        users = seed_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for user in users:
            self.stdout.write(f"  {user.username:<14} {user.role_label} – {user.get_full_name()}")
