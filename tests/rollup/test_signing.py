"""The installation's Ed25519 key: made on first use, owner-only, never overwritten; signatures
verify with its public key and nothing else; rotation keeps the retired key."""

import base64
import hashlib
import os
import stat
import time
from datetime import UTC, datetime
from multiprocessing import get_context

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from django.core.checks import run_checks

from rollup import signing


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_it_makes_the_key_on_first_use_owner_only(settings, tmp_path):
    settings.SNAPSHOT_KEY_FILE = tmp_path / "keys" / "snapshot-ed25519.pem"
    key = signing.installation_key()
    assert settings.SNAPSHOT_KEY_FILE.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert _mode(settings.SNAPSHOT_KEY_FILE) == 0o600
    assert _mode(settings.SNAPSHOT_KEY_FILE.parent) == 0o700
    assert signing.key_id(signing.installation_key()) == signing.key_id(key)


def test_it_never_overwrites_a_key_another_process_wrote_first(settings, tmp_path, monkeypatch):
    settings.SNAPSHOT_KEY_FILE = tmp_path / "k.pem"
    theirs = signing.Ed25519PrivateKey.generate()
    real_write = signing._write_new

    def lose_the_race(path, content):
        real_write(path, signing._private_pem(theirs))  # the other process, just before us
        real_write(path, content)

    monkeypatch.setattr(signing, "_write_new", lose_the_race)
    key = signing.installation_key()
    assert signing.key_id(key) == signing.key_id(theirs)
    assert signing.key_id(signing._read(settings.SNAPSHOT_KEY_FILE)) == signing.key_id(theirs)


def _make_key(path):
    from django.conf import settings

    settings.SNAPSHOT_KEY_FILE = path
    return signing.key_id(signing.installation_key())


def test_two_processes_at_once_end_with_one_key(tmp_path):
    import django

    if not django.conf.settings.configured:  # pragma: no cover
        pytest.skip("settings")
    path = tmp_path / "race" / "k.pem"
    with get_context("fork").Pool(4) as pool:
        ids = pool.map(_make_key, [path] * 8)
    assert len(set(ids)) == 1
    assert [p.name for p in path.parent.iterdir()] == ["k.pem"]  # nothing left half-written


class _SlowDisk:
    """The os module, on a disk where each write takes 0.3 s."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def write(descriptor, content):
        time.sleep(0.3)
        return os.write(descriptor, content)


def test_on_a_slow_disk_the_other_process_waits_for_a_whole_key(tmp_path, monkeypatch):
    """Two processes make the key at once while the disk is slow: neither may read the file
    before the key is all in it (it once appeared empty, then was filled, and the second
    process failed with "not a readable private key")."""
    import django

    if not django.conf.settings.configured:  # pragma: no cover
        pytest.skip("settings")
    monkeypatch.setattr(signing, "os", _SlowDisk())  # the forked processes inherit it
    path = tmp_path / "slow" / "k.pem"
    with get_context("fork").Pool(2) as pool:
        ids = pool.map(_make_key, [path] * 2, chunksize=1)
    assert len(set(ids)) == 1
    assert ids[0] == signing.key_id(signing._read(path))
    assert [p.name for p in path.parent.iterdir()] == ["k.pem"]


def test_the_key_id_is_the_sha256_of_the_raw_public_key():
    key = signing.installation_key()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert signing.key_id(key) == hashlib.sha256(raw).hexdigest()[:16]
    assert signing.key_id(key.public_key()) == signing.key_id(key)


def test_a_signature_verifies_with_the_public_key_only_over_the_same_bytes():
    key_id, signature = signing.sign("Tỉnh 25".encode())
    pem = signing.public_key_pem(signing.installation_key())
    assert key_id == signing.key_id(signing.installation_key())
    assert signing.verify(pem, "Tỉnh 25".encode(), signature)
    assert not signing.verify(pem, "Tỉnh 26".encode(), signature)
    other = signing.public_key_pem(signing.Ed25519PrivateKey.generate())
    assert not signing.verify(other, "Tỉnh 25".encode(), signature)


@pytest.mark.parametrize(
    ("pem", "signature"),
    [
        ("not a key", "AAAA"),
        ("", ""),
        (None, None),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "AAAA"),
        ("valid", "%%%not base64%%%"),
        ("valid", base64.b64encode(b"short").decode()),
        ("valid", 12),
    ],
)
def test_verify_says_false_for_any_malformed_input_and_never_raises(pem, signature):
    if pem == "valid":
        pem = signing.public_key_pem(signing.installation_key())
    assert signing.verify(pem, b"payload", signature) is False


def test_loading_a_public_key_refuses_other_kinds_with_a_message():
    with pytest.raises(ValueError, match="PEM"):
        signing.load_public_key("hello")
    ec = generate_private_key(SECP256R1()).public_key()
    pem = ec.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    with pytest.raises(ValueError, match="Ed25519"):
        signing.load_public_key(pem)
    good = signing.public_key_pem(signing.installation_key())
    assert signing.key_id(signing.load_public_key(good)) == signing.key_id(
        signing.installation_key()
    )


def test_rotation_keeps_the_retired_key_beside_and_makes_a_new_pair(settings):
    path = settings.SNAPSHOT_KEY_FILE
    old_key = signing.installation_key()
    old, new = signing.key_rotate(now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert old == signing.key_id(old_key) and new != old
    assert new == signing.key_id(signing.installation_key())
    retired = path.with_name(path.name + ".retired-20260102100405")  # Asia/Ho_Chi_Minh
    assert retired.exists() and _mode(retired) == 0o600
    assert signing.key_id(signing._read(retired)) == old
    assert signing.retired_files() == [retired]


def test_rotation_without_a_key_only_makes_one():
    old, new = signing.key_rotate()
    assert old is None and new == signing.key_id(signing.installation_key())


def test_the_system_check_refuses_the_key_under_media_or_static(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.SNAPSHOT_KEY_FILE = tmp_path / "keys" / "k.pem"
    assert not [e for e in run_checks() if e.id == "rollup.E001"]
    for inside in (tmp_path / "media" / "keys" / "k.pem", tmp_path / "static" / "k.pem"):
        settings.SNAPSHOT_KEY_FILE = inside
        assert [e.id for e in run_checks() if e.id == "rollup.E001"] == ["rollup.E001"]


def test_compose_keeps_the_key_in_its_own_volume_for_web_and_worker():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker"):
        assert "keys:/app/keys" in services[name]["volumes"]
        assert services[name]["environment"]["SNAPSHOT_KEY_FILE"].startswith("/app/keys/")
    assert "keys:/app/keys" not in services["beat"].get("volumes", [])
    assert "/app/keys" in (root / "Dockerfile").read_text()
