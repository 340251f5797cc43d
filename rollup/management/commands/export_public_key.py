from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rollup import signing
from rollup.management.commands.export_snapshot import refuse_in_central


class Command(BaseCommand):
    help = (
        "Write the installation's public key (PEM) for the centre, which registers it to verify "
        "this province's snapshots; prints its key id. Makes the key pair on first use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the .pem file to write")

    def handle(self, *args, **options):
        refuse_in_central()
        try:
            key = signing.installation_key()
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        try:
            out.write_text(signing.public_key_pem(key), encoding="ascii")
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc.strerror}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote the public key %(key)s to %(path)s.")
                % {"key": signing.key_id(key), "path": out}
            )
        )
