from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rollup.models import FollowedProvince
from rollup.services import province_register


def refuse_outside_central():
    """Provinces and their keys are the central installation's business."""
    if not settings.CENTRAL:
        raise CommandError(
            _(
                "This is a province's installation: provinces, their keys and their snapshots "
                "are registered on the central installation (INSTALLATION_KIND=central)."
            )
        )


class Command(BaseCommand):
    help = (
        "Follow a province and trust its public key for its snapshots (central installation). "
        "Registering the same key again changes nothing; a new key is added beside the old ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the province's code, e.g. 25")
        parser.add_argument("--key", required=True, help="the province's public key file (PEM)")
        parser.add_argument(
            "--old",
            action="store_true",
            help="a province of the map before 1/7/2025 (63 provinces), for years up to 2024",
        )

    def handle(self, *args, **options):
        refuse_outside_central()
        path = Path(options["key"])
        try:
            pem_text = path.read_bytes()[: 64 * 1024].decode("ascii")
        except OSError as exc:
            raise CommandError(
                _("Cannot read the key file %(path)s: %(error)s.")
                % {"path": path, "error": exc.strerror or exc}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("The file %(path)s is not a public key in PEM format.") % {"path": path}
            ) from exc
        map_ = FollowedProvince.Map.OLD if options["old"] else FollowedProvince.Map.CURRENT
        try:
            province, key, province_created, key_created = province_register(
                code=options["code"], map_=map_, pem_text=pem_text
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        values = {"province": province.name, "code": province.code, "key_id": key.key_id}
        if province_created:
            self.stdout.write(_("Now following %(province)s (%(code)s).") % values)
        if key_created:
            self.stdout.write(_("%(province)s: key %(key_id)s registered.") % values)
        else:
            self.stdout.write(
                _("%(province)s already has key %(key_id)s: nothing changed.") % values
            )
