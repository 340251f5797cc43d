"""`python manage.py register_province CODE --key FILE [--old]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from rollup.models import FollowedProvince, ProvinceKey
from tests.rollup.builders import key_id_of, new_key, public_pem

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("register_province", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def key_file(tmp_path):
    key = new_key()
    path = tmp_path / "phu-tho.pem"
    path.write_text(public_pem(key))
    return key, path


def test_it_registers_a_current_province_and_its_key(central, key_file):
    key, path = key_file
    output = _run("25", "--key", str(path))
    assert "Tỉnh Phú Thọ" in output and key_id_of(key) in output
    province = FollowedProvince.objects.get()
    assert (province.code, province.map) == ("25", "current")
    assert province.keys.get().key_id == key_id_of(key)


def test_it_registers_an_old_province_with_old(central, key_file):
    _key, path = key_file
    _run("17", "--key", str(path), "--old")
    assert FollowedProvince.objects.get().name == "Tỉnh Hòa Bình"


def test_the_same_key_twice_changes_nothing(central, key_file):
    _key, path = key_file
    _run("25", "--key", str(path))
    output = _run("25", "--key", str(path))
    assert "nothing changed" in output
    assert ProvinceKey.objects.count() == 1


def test_it_refuses_a_malformed_key(central, tmp_path):
    path = tmp_path / "bad.pem"
    path.write_text("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    with translation.override("en"), pytest.raises(CommandError, match="not a public key"):
        call_command("register_province", "25", "--key", str(path))
    assert not FollowedProvince.objects.exists()


def test_it_refuses_an_unknown_code(central, key_file):
    _key, path = key_file
    with translation.override("en"), pytest.raises(CommandError, match="no province with code"):
        call_command("register_province", "17", "--key", str(path))  # 17 is old-map only


def test_it_refuses_to_run_on_a_province_installation(key_file):
    _key, path = key_file
    with translation.override("en"), pytest.raises(CommandError, match="province's installation"):
        call_command("register_province", "25", "--key", str(path))
