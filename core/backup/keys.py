"""The snapshot signing key in backups (issue 19): the private key file named by
settings.SNAPSHOT_KEY_FILE and the retired keys kept beside it (`<name>.retired-<stamp>`, the
rollup app's rotation). core knows no domain app, so it reads the setting and the naming here.

In the archive they are `keys/snapshot-key` and `keys/snapshot-key.retired-<stamp>`, whatever
the file is called on the machine, so a restore puts them back under the name the restoring
installation's setting gives."""

import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

PREFIX = "keys/"
ARCHIVED = "snapshot-key"
RETIRED = ".retired-"
_NAME = re.compile(r"^snapshot-key(\.retired-[0-9]{14})?$")


def key_file():
    value = getattr(settings, "SNAPSHOT_KEY_FILE", None)
    return Path(value) if value else None


def key_files():
    """(path, archived name) of the key file and its retired siblings that exist."""
    path = key_file()
    if path is None or not path.parent.is_dir():
        return []
    found = []
    if path.is_file() and not path.is_symlink():
        found.append((path, ARCHIVED))
    for sibling in sorted(path.parent.glob(path.name + RETIRED + "*")):
        suffix = sibling.name[len(path.name) :]
        if sibling.is_file() and not sibling.is_symlink() and _NAME.match(ARCHIVED + suffix):
            found.append((sibling, ARCHIVED + suffix))
    return found


def safe_name(relative):
    """The archived key's name, or None when it is not one this module writes."""
    return relative if _NAME.match(relative) else None


def _target(name):
    path = key_file()
    return path.with_name(path.name + name[len(ARCHIVED) :])


def put_back(staged):
    """Move the staged keys ({archived name: path}) to their places, mode 600 in a folder of
    mode 700. A different key already there is not lost: it is kept as a retired key."""
    if not staged or key_file() is None:
        return []
    folder = key_file().parent
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    placed = []
    for name, source in sorted(staged.items()):
        target = _target(name)
        if target.exists():
            if target.read_bytes() == source.read_bytes():
                os.chmod(target, 0o600)
                placed.append(target)
                continue
            if name != ARCHIVED:
                continue  # a retired key of the same time that differs: both stay somewhere
            stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
            keep = target.with_name(target.name + RETIRED + stamp)
            if not keep.exists():
                os.replace(target, keep)
                os.chmod(keep, 0o600)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle, open(source, "rb") as raw:
            shutil.copyfileobj(raw, handle)
        os.replace(partial, target)
        os.chmod(target, 0o600)
        placed.append(target)
    return placed
