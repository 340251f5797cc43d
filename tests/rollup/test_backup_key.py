"""The snapshot signing key in backups (issue 19): `backup` archives the key file and its
retired keys (the archive is owner-only); `restore` puts them back with mode 600, so the province
keeps signing with the key the centre registered."""

import io
import os
import stat
import tarfile

import pytest
from django.core.management import call_command

from core import backup
from rollup import signing
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SNAPSHOT_KEY_FILE = tmp_path / "keys" / "snapshot-ed25519.pem"
    return settings.SNAPSHOT_KEY_FILE.parent


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@committed
def test_the_archive_holds_the_key_and_its_retired_keys(key_folder, tmp_path):
    signing.installation_key()
    signing.key_rotate()
    archive = tmp_path / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", out=str(archive), stdout=out)
    assert _mode(archive) == 0o600
    with tarfile.open(archive) as tar:
        keys = sorted(n for n in tar.getnames() if n.startswith("keys/"))
    assert keys[0] == "keys/snapshot-key" and keys[1].startswith("keys/snapshot-key.retired-")
    assert len(keys) == 2
    assert "2" in out.getvalue()


@committed
def test_restore_puts_the_key_back_owner_only(key_folder, tmp_path, assignments):  # noqa: F811
    key_id = signing.key_id(signing.installation_key())
    archive = tmp_path / "sao-luu.tar.gz"
    backup.backup_create(out=archive)
    for path in key_folder.iterdir():
        path.unlink()
    key_folder.rmdir()  # a new machine: no key at all

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    key_file = key_folder / "snapshot-ed25519.pem"
    assert signing.key_id(signing.installation_key()) == key_id
    assert _mode(key_file) == 0o600 and _mode(key_folder) == 0o700
    assert str(key_file) in out.getvalue()


@committed
def test_a_different_key_on_the_machine_is_kept_as_retired_not_lost(key_folder, tmp_path):
    backed_up = signing.key_id(signing.installation_key())
    archive = tmp_path / "sao-luu.tar.gz"
    backup.backup_create(out=archive)
    signing.key_file().unlink()
    made_since = signing.key_id(signing.installation_key())  # someone opened the page
    backup.backup_restore(archive=archive, replace=True)
    assert signing.key_id(signing.installation_key()) == backed_up
    retired = signing.retired_files()
    assert [signing.key_id(signing._read(p)) for p in retired] == [made_since]
    assert _mode(retired[0]) == 0o600


@committed
def test_an_altered_key_in_the_archive_is_refused_and_nothing_changes(key_folder, tmp_path):
    signing.installation_key()
    archive = tmp_path / "sao-luu.tar.gz"
    backup.backup_create(out=archive)
    before = signing.key_file().read_bytes()
    tampered = tmp_path / "sua.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "keys/snapshot-key":
                data = data.replace(b"A", b"B", 1)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    with pytest.raises(backup.BackupError) as refused:
        backup.backup_restore(archive=tampered, replace=True)
    assert refused.value.code == "checksum"
    assert signing.key_file().read_bytes() == before


@committed
def test_an_installation_without_a_key_backs_up_and_restores_as_before(key_folder, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    result = backup.backup_create(out=archive)
    assert result.manifest["keys"] == {}
    restored = backup.backup_restore(archive=archive, replace=True)
    assert restored.keys == [] and not signing.key_file().exists()
