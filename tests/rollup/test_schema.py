"""The file's format and the consistency rules a snapshot must keep (shared by the export's
self-check and the centre's import): each contradiction is refused with a message naming it."""

import copy
import json

import pytest
from django.utils import translation

from rollup.schema import SnapshotError, envelope, parse_envelope, parse_payload, validate_payload
from tests.rollup import builders


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _refused(data):
    with pytest.raises(SnapshotError) as caught:
        validate_payload(data)
    return caught.value.message


def test_a_consistent_payload_passes():
    validate_payload(builders.payload())
    validate_payload(builders.payload(provinces=("17", "25", "26"), year=2024))


def test_submitted_above_expected_is_refused_naming_the_province_and_figures():
    data = builders.payload(rows={"25": {"forms_submitted": 170, "forms_accepted": 140}})
    message = _refused(data)
    assert "25" in message and "170" in message and "160" in message


@pytest.mark.parametrize(
    ("part", "whole"),
    [
        ("communes_covered", "communes"),
        ("forms_accepted", "forms_submitted"),
        ("cadres_commended", "cadres_evaluated"),
        ("tasks_met", "tasks_assigned"),
        ("hamlets_covered", "hamlets"),
    ],
)
def test_no_part_may_exceed_its_whole(part, whole):
    data = builders.payload()
    row = data["counts"]["provinces"][0]
    row[part] = row[whole] + 1
    assert str(row[part]) in _refused(data)


def test_totals_must_be_the_sums_of_the_province_rows():
    data = builders.payload(provinces=("17", "25"), year=2024)
    data["counts"]["totals"]["communes"] += 1
    assert str(data["counts"]["totals"]["communes"]) in _refused(data)


def test_levels_must_add_up_to_the_cadres_evaluated():
    data = builders.payload()
    data["counts"]["levels"][0]["cadres"] += 1
    _refused(data)


def test_agencies_forms_must_add_up_to_the_totals():
    data = builders.payload()
    data["counts"]["agencies"][0]["forms_expected"] -= 1
    _refused(data)


def test_districts_forms_must_add_up_to_their_province():
    data = builders.payload(provinces=("17", "25"), year=2024)
    data["counts"]["districts"][0]["forms_expected"] -= 1
    data["counts"]["districts"][0]["forms_submitted"] -= 1
    data["counts"]["districts"][0]["forms_accepted"] -= 1
    assert "17" in _refused(data)


def test_a_district_of_a_province_not_covered_is_refused():
    data = builders.payload(year=2024)
    data["counts"]["districts"][0]["province"] = "99"
    _refused(data)


def test_the_rows_by_province_must_be_the_provinces_covered():
    data = builders.payload(provinces=("17", "25"))
    data["installation"]["provinces"] = ["17", "26"]
    assert "26" in _refused(data)
    data["installation"]["provinces"] = ["17", "25", "25"]
    _refused(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(schema=2),
        lambda d: d.update(schema="1"),
        lambda d: d.update(year=1999),
        lambda d: d.update(year=True),
        lambda d: d.update(sequence=0),
        lambda d: d.update(created_at="15/01/2026"),
        lambda d: d.update(created_at="2026-01-15T08:00:00"),
        lambda d: d.pop("app_version"),
        lambda d: d.update(extra=1),
        lambda d: d["counts"]["provinces"][0].update(communes=-1),
        lambda d: d["counts"]["provinces"][0].update(communes=True),
        lambda d: d["counts"]["provinces"][0].update(communes=1.5),
        lambda d: d["counts"]["provinces"][0].update(name="Phú Thọ"),
        lambda d: d["counts"]["levels"].pop(),
        lambda d: d["counts"].update(totals=[]),
        lambda d: d.update(installation="TỈNH ỦY"),
    ],
)
def test_a_wrong_shape_is_refused(change):
    data = builders.payload()
    change(data)
    _refused(data)


def test_an_unknown_schema_names_its_version():
    assert "7" in _refused(builders.payload(schema=7))


def test_the_envelope_round_trips_and_keeps_the_payload_exactly():
    text = builders.payload_text(builders.payload())
    content = envelope(text, "0123456789abcdef", "c2ln")
    assert parse_envelope(content) == (text, "0123456789abcdef", "c2ln")
    assert parse_payload(text) == builders.payload()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"",
        b'{"payload": "x", "key_id": "a"',  # truncated
        b"[1, 2]",
        b'{"payload": "x", "key_id": "a", "signature": 1}',
        b'{"payload": "x", "key_id": "a", "signature": "s", "more": 1}',
    ],
)
def test_anything_but_a_snapshot_file_is_refused_with_one_message(content):
    with pytest.raises(SnapshotError) as caught:
        parse_envelope(content)
    assert caught.value.message == translation.gettext(
        "This is not a snapshot file (it is truncated or not JSON)."
    )


def test_a_payload_that_is_not_an_object_is_refused():
    for text in ("[]", "nope", json.dumps("x")):
        with pytest.raises(SnapshotError):
            parse_payload(text)


def test_validation_does_not_change_the_payload():
    data = builders.payload(year=2024, provinces=("17", "25", "26"))
    before = copy.deepcopy(data)
    validate_payload(data)
    assert data == before
