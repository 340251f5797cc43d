"""Snapshots received (central:snapshots) and one version's figures (central:snapshot_detail):
every version kept, the one in use marked, filters by year and province."""

import pytest
from django.urls import reverse
from django.utils import translation

from rollup.services import snapshot_import
from tests.rollup.builders import follow, key_id_of, new_key, snapshot_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return new_key()


@pytest.fixture
def versions(central, key):
    follow(key, "25")
    follow(key, "25", "old")
    follow(key, "17", "old")
    imported = {}
    for fields in (
        {"sequence": 3},
        {"sequence": 2},
        {"year": 2024, "sequence": 1, "provinces": ("17", "25")},
    ):
        snapshot, _created = snapshot_import(content=snapshot_file(key, **fields))
        imported[(snapshot.year, snapshot.sequence)] = snapshot
    return imported


@pytest.fixture
def leader_client(central, leader, client):
    client.force_login(leader)
    return client


def _badges(client, **params):
    with translation.override("en"):
        response = client.get(reverse("central:snapshots"), params)
    assert response.status_code == 200
    return response, {
        row.pk: row.pk in response.context["in_use"] for row in response.context["rows"]
    }


def test_every_version_is_listed_with_the_one_in_use_marked(leader_client, versions):
    response, in_use = _badges(leader_client)
    assert in_use == {
        versions[(2025, 3)].pk: True,
        versions[(2025, 2)].pk: False,
        versions[(2024, 1)].pk: True,
    }
    page = response.content.decode()
    assert page.count("bản cũ hơn") == 1
    assert page.count(">đang dùng<") == 2


def test_it_filters_by_year_and_by_province(leader_client, versions):
    _response, in_use = _badges(leader_client, year=2024)
    assert set(in_use) == {versions[(2024, 1)].pk}
    hoa_binh = versions[(2024, 1)].provinces.get(code="17")
    _response, in_use = _badges(leader_client, province=hoa_binh.pk)
    assert set(in_use) == {versions[(2024, 1)].pk}


def test_the_detail_shows_the_counts_in_tables_and_the_key(leader_client, versions, key):
    snapshot = versions[(2024, 1)]
    with translation.override("en"):
        response = leader_client.get(reverse("central:snapshot_detail", args=[snapshot.pk]))
    page = response.content.decode()
    assert key_id_of(key) in page
    assert "Tỉnh Hòa Bình" in page
    assert response.context["in_use"]
    # Province rows and their totals: 160 forms expected each, 320 in all.
    rows = response.context["province_rows"]
    assert [code for code, _name, _values in rows] == ["17", "25"]
    assert [value for _head, value in response.context["totals"]][2] == 320
    assert len(response.context["district_rows"]) == 2  # 2024 has districts
    assert response.context["agency_rows"][0][0] == "Sở Tài chính"
    assert sum(cadres for _label, cadres in response.context["level_rows"]) == 300
    for table in ("by-province", "by-district", "by-agency", "by-level"):
        assert f'data-testid="{table}"' in page


def test_an_older_version_links_to_the_one_in_use(leader_client, versions):
    older, newer = versions[(2025, 2)], versions[(2025, 3)]
    with translation.override("en"):
        response = leader_client.get(reverse("central:snapshot_detail", args=[older.pk]))
    assert not response.context["in_use"]
    assert response.context["newer"] == newer
    assert reverse("central:snapshot_detail", args=[newer.pk]) in response.content.decode()


def test_an_unknown_snapshot_is_404(leader_client, versions):
    assert leader_client.get(reverse("central:snapshot_detail", args=[999999])).status_code == 404
