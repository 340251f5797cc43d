from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


def _inside(path, folder):
    if not folder:
        return False
    try:
        path.resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


@register(Tags.security)
def snapshot_key_outside_served_folders(app_configs, **kwargs):
    """The private key that signs snapshots must never be a file the web server could hand out
    (issue 19: outside MEDIA_ROOT), nor sit among the static files."""
    path = Path(settings.SNAPSHOT_KEY_FILE)
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        if _inside(path, getattr(settings, name, None)):
            return [
                Error(
                    f"SNAPSHOT_KEY_FILE ({path}) is inside {name}: the private signing key "
                    "must be kept outside the folders whose files are served or backed up as "
                    "media.",
                    hint="Point SNAPSHOT_KEY_FILE to a folder of its own, e.g. /app/keys/.",
                    id="rollup.E001",
                )
            ]
    return []
