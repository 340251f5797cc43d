from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rollup import signing
from rollup.management.commands.export_snapshot import refuse_in_central


class Command(BaseCommand):
    help = (
        "Make a new key pair for signing snapshots; the old private key is kept beside the key "
        "file (…retired-<time>). Send the new public key to the centre."
    )

    def handle(self, *args, **options):
        refuse_in_central()
        try:
            old, new = signing.key_rotate()
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if old:
            self.stdout.write(_("Old key: %(key)s (kept as a retired key).") % {"key": old})
        self.stdout.write(self.style.SUCCESS(_("New key: %(key)s.") % {"key": new}))
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Send the new public key to the centre (python manage.py export_public_key "
                    "--out FILE): until it registers it, the centre refuses the snapshots signed "
                    "with the new key. Back up the key file again."
                )
            )
        )
