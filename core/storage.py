"""Media storage: a file appears under its name only once it is complete."""

import os
import uuid

from django.core.files.storage import FileSystemStorage

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
