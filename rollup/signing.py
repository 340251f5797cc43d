"""The installation's Ed25519 key: it signs the snapshots a province sends to the centre.

The private key lives in one file (settings.SNAPSHOT_KEY_FILE: PEM, PKCS8, unencrypted, mode
600 in a folder of mode 700), outside MEDIA_ROOT and never in the database (issue 19). It is
made on first use; `backup` archives it and `restore` puts it back (core.backup). The centre
knows the public key by its id: the first 16 hex digits of the SHA-256 of its 32 raw bytes.
"""

import base64
import binascii
import hashlib
import os
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

KEY_ID_LENGTH = 16
RETIRED_SUFFIX = ".retired-"


def key_file():
    return Path(settings.SNAPSHOT_KEY_FILE)


def _private_pem(private_key):
    return private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def _write_new(path, content):
    """Write `content` to `path`, which must not exist. It is written whole under a name of its
    own in the same folder, then linked into place: `os.link` fails when `path` exists, so of
    two processes making the key at once one wins and the other reads the winner's key, neither
    overwrites a key, and neither can read a key half-written (created empty, then filled, as
    it once was, the loser could read it in between)."""
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.write(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(part, 0o600)  # whatever the umask
        os.link(part, path)  # FileExistsError: another process was first
    finally:
        os.unlink(part)


def _ensure_folder(path):
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)


def _read(path):
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as exc:
        raise ValueError(
            _("The snapshot key file %(path)s is not a readable private key.") % {"path": path}
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(
            _("The snapshot key file %(path)s does not hold an Ed25519 key.") % {"path": path}
        )
    return key


def installation_key():
    """The installation's private key, made (and written) on first use."""
    path = key_file()
    if path.exists():
        return _read(path)
    _ensure_folder(path)
    key = Ed25519PrivateKey.generate()
    try:
        _write_new(path, _private_pem(key))
    except FileExistsError:
        return _read(path)  # another process made it first: theirs is the key
    return key


def _public(key):
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def public_key_pem(key):
    """The public key (of a private or public key) as PEM text (SubjectPublicKeyInfo)."""
    return (
        _public(key)
        .public_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode("ascii")
    )


def key_id(key):
    """The key's id: the first 16 hex digits of the SHA-256 of its 32 raw bytes."""
    raw = _public(key).public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    return hashlib.sha256(raw).hexdigest()[:KEY_ID_LENGTH]


def load_public_key(pem_text):
    """An Ed25519 public key from PEM text; ValueError with a message staff can read for
    anything else (the centre registers provinces' keys with it)."""
    if isinstance(pem_text, str):
        pem_text = pem_text.strip().encode("ascii", errors="replace")
    try:
        key = serialization.load_pem_public_key(pem_text)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            _(
                "This is not a public key in PEM format (it should begin with "
                "«-----BEGIN PUBLIC KEY-----»)."
            )
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(
            _("This public key is not an Ed25519 key: snapshots are signed with Ed25519 keys.")
        )
    return key


def sign(payload_bytes):
    """(key id, base64 signature) of `payload_bytes` with the installation's key."""
    key = installation_key()
    return key_id(key), base64.b64encode(key.sign(payload_bytes)).decode("ascii")


def verify(public_key_pem_text, payload_bytes, signature_b64):
    """Whether `signature_b64` is the signature of `payload_bytes` by that public key. False for
    any malformed input (key, payload or signature); never raises."""
    try:
        key = load_public_key(public_key_pem_text)
        signature = base64.b64decode(signature_b64, validate=True)
        if isinstance(payload_bytes, str):
            payload_bytes = payload_bytes.encode("utf-8")
        key.verify(signature, payload_bytes)
    except (InvalidSignature, ValueError, TypeError, binascii.Error, AttributeError):
        return False
    return True


def retired_files():
    """The retired private keys kept beside the key file, oldest first."""
    path = key_file()
    if not path.parent.is_dir():
        return []
    return sorted(path.parent.glob(path.name + RETIRED_SUFFIX + "*"))


def key_rotate(now=None):
    """Retire the installation's key and make a new pair: the old private key stays beside the
    file as `<name>.retired-<YYYYmmddHHMMSS>` (mode 600), so nothing it signed is lost. Returns
    (old key id or None when there was none, new key id). The centre must then be sent the new
    public key; it keeps the old one valid for what it signed."""
    path = key_file()
    old_id = None
    if path.exists():
        old_id = key_id(_read(path))
        stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d%H%M%S")
        retired = path.with_name(path.name + RETIRED_SUFFIX + stamp)
        if retired.exists():
            raise ValueError(
                _("A retired key %(path)s already exists: wait a second and try again.")
                % {"path": retired}
            )
        os.replace(path, retired)
        os.chmod(retired, 0o600)
    return old_id, key_id(installation_key())
