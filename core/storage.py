"""Media storage: a file appears under its name only once it is complete. Static files: each
asset's URL worked out once per process."""

import os
import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

PARTIAL_DIR = ".partial"


class _OnDisk:
    """A file already written out, which FileSystemStorage moves into place (a rename)."""

    def __init__(self, path):
        self.path = path

    def temporary_file_path(self):
        return self.path


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage writes a file in place, chunk by chunk: a process killed
    mid-write, or a full disk, leaves a truncated file under the final name. Here the content is
    first written (and synced) under MEDIA_ROOT/.partial/, then renamed to its name, so a
    report job, a cadre's plan or any other file is either whole or absent. What a killed
    process leaves behind stays in .partial/, where nothing points to it."""

    def _save(self, name, content):
        if hasattr(content, "temporary_file_path"):
            return super()._save(name, content)  # already on disk: Django renames it
        folder = self.path(PARTIAL_DIR)
        os.makedirs(folder, exist_ok=True)
        part = os.path.join(folder, f"{uuid.uuid4().hex}.part")
        try:
            with open(part, "xb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk.encode() if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fsync(handle.fileno())
            return super()._save(name, _OnDisk(part))
        finally:
            if os.path.exists(part):
                os.unlink(part)


class _EachUrlOnce:
    """`{% static %}` asks the storage for an asset's URL each time: six times in the base
    layout alone, on every page, each about 30 µs with the manifest (the hashed name looked up,
    then joined to STATIC_URL). The URL depends only on the asset's name and the settings, and
    neither changes while the process runs (a test that changes STATIC_URL or STORAGES gets a
    new storage: Django rebuilds it on setting_changed; DEBUG, which the manifest reads too, is
    part of the key), so each is worked out once (issue 16).
    A name the manifest lacks still raises each time: only answers are kept."""

    KEEP = 1_000  # names kept at most: the templates name a few dozen assets

    def url(self, name, *args, **kwargs):
        key = (name, args, tuple(sorted(kwargs.items())), settings.DEBUG)
        urls = self.__dict__.setdefault("_urls", {})
        url = urls.get(key)
        if url is None:
            url = super().url(name, *args, **kwargs)
            if len(urls) >= self.KEEP:
                urls.clear()
            urls[key] = url
        return url


class Static(_EachUrlOnce, StaticFilesStorage):
    """Static files without collectstatic (DEBUG, tests, benches): served by the finders."""


class ManifestStatic(_EachUrlOnce, CompressedManifestStaticFilesStorage):
    """Static files in production: collected, hashed names from the manifest, compressed."""
