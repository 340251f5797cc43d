"""The media side of backup and restore: the files under MEDIA_ROOT, and putting restored
files in place by renames."""

import os
from pathlib import Path, PurePosixPath

from django.conf import settings

# Hidden entries at the top of MEDIA_ROOT are work folders, not media: the restore's own
# (".restore-…", ".replaced-…") and the storage's unfinished writes (".partial/"). They are
# never backed up, and a restore leaves them where they are.
WORK_PREFIX = "."


def media_files(skip):
    """(path, name relative to MEDIA_ROOT) of every media file, in a stable order."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if not d.startswith(WORK_PREFIX)]
            files = [f for f in files if not f.startswith(WORK_PREFIX)]
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            found.append((path, path.relative_to(root).as_posix()))
    return found


def safe_name(relative):
    """The archived name of a media file as a relative POSIX path, or None when it could
    escape MEDIA_ROOT or land on a work folder."""
    path = PurePosixPath(relative)
    parts = path.parts
    if (
        not parts
        or path.is_absolute()
        or parts[0].startswith(WORK_PREFIX)
        or any(part in {"", ".", ".."} for part in parts)
    ):
        return None
    return path.as_posix()


def move_entries(source, target):
    """Rename every entry of `source` into `target`; on failure move back what moved."""
    moved = []
    try:
        for entry in sorted(source.iterdir()):
            if entry.name.startswith(WORK_PREFIX):
                continue
            entry.rename(target / entry.name)
            moved.append(entry.name)
    except OSError:
        for name in reversed(moved):
            (target / name).rename(source / name)
        raise
