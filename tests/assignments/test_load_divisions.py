from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assignments.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_it_loads_a_province_of_the_current_map_by_name_or_code_and_is_idempotent(capsys):
    call_command("load_divisions", "--province", "phu tho")
    assert "148 mới" in capsys.readouterr().out
    call_command("load_divisions", "--province", "25")
    assert "0 mới, 0 thay đổi, 148 không đổi" in capsys.readouterr().out
    province = Province.objects.get()
    assert (province.name, province.code, province.valid_from) == (
        "Phú Thọ",
        "25",
        date(2025, 7, 1),
    )
    communes = Commune.objects.filter(province=province)
    assert communes.count() == 148 and not communes.filter(district__isnull=False).exists()
    assert set(communes.values_list("kind", flat=True)) == {"xa", "phuong"}


def test_it_loads_the_whole_country():
    call_command("load_divisions", "--all")
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Commune.objects.filter(kind="dac_khu").count() == 13


def test_it_takes_the_map_dates_from_options():
    call_command(
        "load_divisions",
        "--province",
        "Lai Châu",
        "--valid-from",
        "01/07/2025",
        "--valid-to",
        "31/12/2030",
    )
    assert set(Commune.objects.values_list("valid_to", flat=True)) == {date(2030, 12, 31)}


def test_it_says_clearly_when_a_province_does_not_exist():
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố «Hà Tây»"):
        call_command("load_divisions", "--province", "Hà Tây")
