"""`python manage.py import_snapshot FILE [FILE…]`: each file accepted or refused; the exit
code is not zero if any was refused (a CommandError: manage.py exits with 1)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from rollup.models import Snapshot
from tests.rollup.builders import follow, new_key, snapshot_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(central):
    key = new_key()
    follow(key, "25")
    return key


def test_it_imports_every_file_named(key, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(snapshot_file(key, sequence=1))
    second.write_bytes(snapshot_file(key, sequence=2))
    out = StringIO()
    with translation.override("en"):
        call_command("import_snapshot", str(first), str(second), stdout=out)
    assert out.getvalue().count("Accepted") == 2
    assert Snapshot.objects.count() == 2


def test_it_fails_when_any_file_is_refused_and_keeps_the_good_ones(key, tmp_path):
    good, tampered = tmp_path / "good.json", tmp_path / "tampered.json"
    good.write_bytes(snapshot_file(key, sequence=1))
    tampered.write_bytes(
        snapshot_file(key, sequence=2).replace(b'\\"tasks_met\\":7', b'\\"tasks_met\\":6')
    )
    assert tampered.read_bytes() != snapshot_file(key, sequence=2)
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="1 of 2 files refused"):
        call_command("import_snapshot", str(good), str(tampered), stderr=err)
    assert "signature does not verify" in err.getvalue()
    assert Snapshot.objects.get().sequence == 1


def test_a_missing_file_is_refused(key, tmp_path):
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_snapshot", str(tmp_path / "none.json"), stderr=StringIO())
