from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import commune_accounts_create, commune_password_reset, credentials_sheet
from assignments.models import Commune


class Command(BaseCommand):
    help = (
        "Create the missing commune accounts and write the credentials sheet (--out FILE.xlsx); "
        "--reset CODE issues a new password for one commune."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the credentials workbook to write")
        parser.add_argument("--reset", metavar="CODE", help="a commune code: new password")

    def handle(self, *args, **options):
        if options["reset"]:
            commune = (
                Commune.objects.valid_on(timezone.localdate()).filter(code=options["reset"]).first()
            )
            if commune is None:
                raise CommandError(
                    _("No commune in force has the code %(code)s.") % {"code": options["reset"]}
                )
            rows = [commune_password_reset(commune=commune)]
        else:
            rows = commune_accounts_create()
        with open(options["out"], "wb") as handle:
            handle.write(credentials_sheet(rows))
        self.stdout.write(
            _(
                "%(count)d account(s) written to %(path)s. Hand the sheet out and keep it safe: "
                "passwords are not stored in clear anywhere else."
            )
            % {"count": len(rows), "path": options["out"]}
        )
