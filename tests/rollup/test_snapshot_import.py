"""The centre's import of a snapshot file (rollup.services.snapshot_import): each bad file of
issue 19 is refused with its own message and leaves nothing behind; the same file twice changes
nothing; an older version is kept but never replaces the newer one."""

import json

import pytest
from django.utils import translation

from rollup.models import Snapshot
from rollup.services import MAX_SNAPSHOT_BYTES, SnapshotRefused, snapshot_import
from rollup.versions import in_use_by_province, in_use_ids
from tests.rollup.builders import (
    follow,
    new_key,
    payload,
    payload_text,
    signed_file,
    snapshot_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return new_key()


@pytest.fixture
def phu_tho(key):
    return follow(key, "25")


def _refused(content):
    with translation.override("en"), pytest.raises(SnapshotRefused) as caught:
        snapshot_import(content=content)
    assert Snapshot.objects.count() == 0
    return str(caught.value)


def test_it_stores_a_valid_file_with_its_exact_payload_and_provinces(key, phu_tho, staff):
    content = snapshot_file(key, year=2025, sequence=3)
    snapshot, created = snapshot_import(content=content, user=staff)
    assert created
    assert (snapshot.year, snapshot.sequence, snapshot.schema) == (2025, 3, 1)
    assert snapshot.installation == "TỈNH ỦY PHÚ THỌ"
    assert list(snapshot.provinces.all()) == [phu_tho]
    assert snapshot.key.province == phu_tho
    assert json.loads(snapshot.payload)["counts"]["totals"]["forms_submitted"] == 150
    assert snapshot.counts["provinces"][0]["code"] == "25"
    assert snapshot.imported_by == staff


def test_it_refuses_a_file_whose_signature_does_not_verify(key, phu_tho):
    content = snapshot_file(key)
    # One figure changed after signing, still consistent (150 → 149 submitted ≤ 160 expected).
    envelope = json.loads(content)
    envelope["payload"] = envelope["payload"].replace(
        '"forms_submitted":150', '"forms_submitted":149'
    )
    assert envelope["payload"] != json.loads(content)["payload"]
    message = _refused(json.dumps(envelope).encode())
    assert "signature does not verify" in message
    assert "Tỉnh Phú Thọ" in message


def test_it_reports_a_tampered_contradiction_as_a_broken_signature(key, phu_tho):
    envelope = json.loads(snapshot_file(key))
    envelope["payload"] = envelope["payload"].replace(
        '"forms_submitted":150', '"forms_submitted":170'
    )
    assert "signature does not verify" in _refused(json.dumps(envelope).encode())


def test_it_refuses_a_file_signed_by_a_key_not_registered_for_the_province(key, phu_tho):
    stranger = new_key()
    message = _refused(snapshot_file(stranger))
    assert "not registered for Tỉnh Phú Thọ" in message


def test_it_refuses_a_key_registered_for_only_some_of_the_provinces_covered(key):
    follow(key, "25", "old")
    follow(key, "26", "old")
    follow(new_key(), "17", "old")  # Hòa Bình has another key
    message = _refused(snapshot_file(key, provinces=("17", "25", "26"), year=2024))
    assert "not registered for Tỉnh Hòa Bình" in message


def test_it_refuses_a_province_the_centre_does_not_follow(key, phu_tho):
    message = _refused(snapshot_file(key, provinces=("01",)))
    assert "does not follow Thành phố Hà Nội" in message


def test_it_reads_a_2024_file_on_the_old_map(key, phu_tho):
    # Followed on the current map only: 2024's Phú Thọ is the old province 25.
    message = _refused(snapshot_file(key, year=2024))
    assert "does not follow Tỉnh Phú Thọ (code 25, map of 63 provinces" in message
    follow(key, "25", "old")
    snapshot, created = snapshot_import(content=snapshot_file(key, year=2024))
    assert created and snapshot.provinces.get().map == "old"


def test_it_refuses_an_unknown_schema_naming_its_version(key, phu_tho):
    message = _refused(snapshot_file(key, schema=7))
    assert "schema version 7" in message


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"<html>not json</html>",
        b"[1, 2, 3]",
        b'{"payload": "{}", "key_id": "abc"}',
        b'{"payload": "{}", "key_id": "abc", "signature": "x", "more": 1}',
        b'{"payload": 1, "key_id": "abc", "signature": "x"}',
        b'{"payload": "not json", "key_id": "abc", "signature": "x"}',
        b'{"payload": "[1]", "key_id": "abc", "signature": "x"}',
    ],
)
def test_it_refuses_what_is_not_a_snapshot_file(content, phu_tho):
    assert "not a snapshot file (it is truncated or not JSON)" in _refused(content)


def test_it_refuses_a_truncated_file(key, phu_tho):
    content = snapshot_file(key)
    assert "truncated or not JSON" in _refused(content[: len(content) // 2])


def test_it_refuses_a_file_over_20_mb_before_reading_it(phu_tho):
    assert "larger than 20 MB" in _refused(b" " * (MAX_SNAPSHOT_BYTES + 1))


def test_it_refuses_a_signed_file_whose_totals_contradict_its_rows(key, phu_tho):
    data = payload()
    data["counts"]["totals"]["forms_expected"] += 1
    message = _refused(signed_file(key, payload_text(data)))
    assert "contradicts itself" in message


def test_it_refuses_a_signed_row_with_more_submitted_than_expected(key, phu_tho):
    content = snapshot_file(key, rows={"25": {"forms_submitted": 170, "forms_accepted": 140}})
    message = _refused(content)
    assert "province 25" in message
    assert "(170)" in message and "(160)" in message


def test_the_same_file_twice_changes_nothing(key, phu_tho):
    content = snapshot_file(key)
    first, created = snapshot_import(content=content)
    again, created_again = snapshot_import(content=content)
    assert created and not created_again
    assert again == first
    assert Snapshot.objects.count() == 1


def test_a_lower_sequence_is_kept_but_never_replaces_the_newer_one(key, phu_tho):
    newer, _ = snapshot_import(content=snapshot_file(key, sequence=5))
    older, created = snapshot_import(
        content=snapshot_file(
            key, sequence=4, rows={"25": {"forms_submitted": 100, "forms_accepted": 90}}
        )
    )
    assert created
    assert Snapshot.objects.count() == 2
    assert in_use_ids(2025) == {newer.pk}
    assert in_use_by_province(2025)[phu_tho.pk] == newer
    # A still newer one takes over.
    newest, _ = snapshot_import(content=snapshot_file(key, sequence=6))
    assert in_use_ids(2025) == {newest.pk}
    assert older.pk not in in_use_ids()


def test_it_refuses_a_version_number_already_received_with_other_content(key, phu_tho):
    snapshot_import(content=snapshot_file(key, sequence=2))
    other = snapshot_file(key, sequence=2, rows={"25": {"forms_accepted": 139}})
    with translation.override("en"), pytest.raises(SnapshotRefused) as caught:
        snapshot_import(content=other)
    assert "Version 2 of 2025 from Tỉnh Phú Thọ was already received" in str(caught.value)
    assert Snapshot.objects.count() == 1


def test_an_old_key_still_verifies_what_it_signed_after_a_rotation(key, phu_tho):
    from rollup.services import province_key_add
    from tests.rollup.builders import public_pem

    rotated = new_key()
    province_key_add(province=phu_tho, pem_text=public_pem(rotated))
    old_file, _ = snapshot_import(content=snapshot_file(key, sequence=1))
    new_file, _ = snapshot_import(content=snapshot_file(rotated, sequence=2))
    assert old_file.key.key_id != new_file.key.key_id
    assert phu_tho.keys.count() == 2
