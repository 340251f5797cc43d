"""export_snapshot, export_public_key, rotate_snapshot_key: a province's commands; a central
installation refuses them."""

import pytest
from django.core.management import CommandError, call_command

from rollup import signing
from rollup.models import SnapshotExport
from rollup.schema import parse_envelope
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_export_snapshot_writes_the_signed_file(assignments, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "out" / "snap.json"
    call_command("export_snapshot", "--year", "2026", "--out", str(out))
    text, key_id, _signature = parse_envelope(out.read_bytes())
    assert key_id == signing.key_id(signing.installation_key())
    printed = capsys.readouterr().out
    assert "2026" in printed and key_id in printed and str(out) in printed
    assert SnapshotExport.objects.get().sequence == 1


def test_export_snapshot_into_a_folder_uses_the_suggested_name(assignments, tmp_path):  # noqa: F811
    call_command("export_snapshot", "--year", "2026", "--out", str(tmp_path))
    assert (tmp_path / "snapshot-25-2026-1.json").exists()


def test_export_snapshot_refuses_a_year_without_communes(db, tmp_path):
    with pytest.raises(CommandError, match="2019"):
        call_command("export_snapshot", "--year", "2019", "--out", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists() and not SnapshotExport.objects.exists()


def test_export_public_key_writes_the_pem_and_prints_its_id(db, tmp_path, capsys):
    out = tmp_path / "public.pem"
    call_command("export_public_key", "--out", str(out))
    key = signing.load_public_key(out.read_text())
    assert signing.key_id(key) in capsys.readouterr().out


def test_rotate_prints_both_ids_and_reminds_to_send_the_new_key(db, capsys):
    old = signing.key_id(signing.installation_key())
    call_command("rotate_snapshot_key")
    printed = capsys.readouterr().out
    new = signing.key_id(signing.installation_key())
    assert old in printed and new in printed and old != new
    assert "export_public_key" in printed


@pytest.mark.parametrize(
    "args",
    [
        ("export_snapshot", "--year", "2026", "--out", "x.json"),
        ("export_public_key", "--out", "x.pem"),
        ("rotate_snapshot_key",),
    ],
)
def test_a_central_installation_refuses_them(central, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match="hệ thống của Trung ương"):
        call_command(*args)
    assert list(tmp_path.iterdir()) == []
