"""Files people attach (plans, reports): accepted by what they contain and by their name's
extension together, stored under a name the server chooses, served back with a type we set.

A file is never trusted for what it says it is: an HTML or SVG page named "kehoach.pdf" would
run as a page in the reader's browser if it were served as it came, so its first bytes must be
those of the format its extension names.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import text

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str


PDF = DocumentType("pdf", "application/pdf")
DOCX = DocumentType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
PNG = DocumentType("png", "image/png")
JPEG = DocumentType("jpg", "image/jpeg")
DOCUMENT_TYPES = {"pdf": PDF, "docx": DOCX, "png": PNG, "jpg": JPEG, "jpeg": JPEG}
ACCEPT = ".pdf,.docx,.png,.jpg,.jpeg"


def _sniff(uploaded):
    """The type the file's bytes are, or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return DOCX
    return None


def document_type(name):
    """The accepted type a file name's extension names, or None."""
    return DOCUMENT_TYPES.get(PurePath(name or "").suffix.lower().lstrip("."))


def check_document(uploaded, *, max_bytes=MAX_DOCUMENT_BYTES):
    """Refuse, with a message for the person who sent it, anything but a PDF, Word (.docx), PNG
    or JPEG file whose content is what its extension says. Returns the DocumentType."""
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    named = document_type(uploaded.name)
    if named is None:
        raise ValidationError(_("Only PDF, Word (.docx), PNG or JPEG files are accepted."))
    found = _sniff(uploaded)
    if found != named:
        raise ValidationError(
            _("The file “%(name)s” is not a real %(kind)s file: save it again as %(kind)s.")
            % {"name": display_name(uploaded.name), "kind": named.extension.upper()}
        )
    return named


def display_name(name):
    """The sender's file name, for showing and for the download: its last part, NFC, at most
    200 characters (the extension kept)."""
    base = text.clean(PurePath(str(name or "").replace("\\", "/")).name)
    stem, dot, extension = base.rpartition(".")
    if not dot:
        return base[:200]
    return f"{stem[: 199 - len(extension)]}.{extension}"


def stored_name(folder, original):
    """A name the server chooses: a random one in `folder`, with the accepted extension."""
    kind = document_type(original)
    extension = kind.extension if kind else "bin"
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{extension}"
