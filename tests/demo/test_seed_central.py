"""seed_demo --central (issue 19): a centre following three demo provinces of different sizes,
whose files were made by real exports in their own processes, one of them for 2024 on the map
before 1/7/2025; and the command refuses to mix the two kinds of installation."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rollup.figures import comparison
from rollup.models import FollowedProvince, Snapshot

pytestmark = pytest.mark.django_db


def test_it_builds_a_centre_from_three_provinces_real_exports(central):
    call_command("seed_demo", "--central", stdout=io.StringIO())

    installations = set(Snapshot.objects.values_list("installation", flat=True))
    assert installations == {"TỈNH ỦY PHÚ THỌ", "TỈNH ỦY TUYÊN QUANG", "TỈNH ỦY CAO BẰNG"}
    old = Snapshot.objects.get(year=2024)
    assert sorted(p.code for p in old.provinces.all()) == ["17", "25", "26"]
    assert {p.map for p in old.provinces.all()} == {FollowedProvince.Map.OLD}
    # Three sizes: the communes each province counts differ.
    communes = sorted(row.counts["communes"] for row in comparison(2025).rows)
    assert len(set(communes)) == 3
    # Phú Thọ sent the open year twice: both kept, the newer in use.
    assert Snapshot.objects.filter(year=2026, installation="TỈNH ỦY PHÚ THỌ").count() == 2
    in_use = {row.province.code: row.snapshot.sequence for row in comparison(2026).rows}
    assert in_use["25"] == 2
    assert {p.name for p in comparison(2025).missing} == {"Tỉnh Lạng Sơn", "Tỉnh Thái Nguyên"}

    # Idempotent: a second run adds nothing.
    call_command("seed_demo", "--central", stdout=io.StringIO())
    assert Snapshot.objects.count() == 7  # Phú Thọ 4, Tuyên Quang 2, Cao Bằng 1


def test_the_central_demo_needs_a_central_installation():
    with pytest.raises(CommandError, match="INSTALLATION_KIND=central"):
        call_command("seed_demo", "--central")


def test_the_province_demo_is_refused_in_a_central_installation(central):
    with pytest.raises(CommandError, match="INSTALLATION_KIND=central"):
        call_command("seed_demo")
