"""snapshot_export: the signed file for the centre, numbered per year, counts only, checked by
the centre's own rules before it leaves the province."""

import base64
import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError

from rollup import export as export_module
from rollup import signing
from rollup.export import snapshot_export
from rollup.models import SnapshotExport
from rollup.schema import SnapshotError, parse_envelope, parse_payload, validate_payload
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.reports.conftest import year_2026  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 15, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội


def test_the_file_is_signed_numbered_and_recorded(year_2026, staff):  # noqa: F811
    filename, content, export = snapshot_export(year=2026, user=staff, now=NOW)
    assert filename == "snapshot-25-2026-1.json"
    text, key_id, signature = parse_envelope(content)
    key = signing.installation_key()
    assert key_id == signing.key_id(key)
    assert signing.verify(signing.public_key_pem(key), text.encode("utf-8"), signature)
    key.public_key().verify(base64.b64decode(signature), text.encode("utf-8"))
    data = parse_payload(text)
    validate_payload(data)
    assert data["installation"] == {"name": "TỈNH ỦY PHÚ THỌ", "provinces": ["25"]}
    assert (data["year"], data["sequence"], data["schema"]) == (2026, 1, 1)
    assert data["created_at"] == "2027-01-15T08:00:00+07:00"
    assert text == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert (export.year, export.sequence, export.created_by, export.key_id) == (
        2026,
        1,
        staff,
        key_id,
    )
    assert export.sha256 == hashlib.sha256(content).hexdigest()


def test_each_export_of_a_year_takes_the_next_number(year_2026):  # noqa: F811
    numbers = [snapshot_export(year=2026)[2].sequence for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert snapshot_export(year=2025)[2].sequence == 1


def test_no_name_comment_or_reason_leaves_the_province(year_2026):  # noqa: F811
    content = snapshot_export(year=2026)[1].decode("utf-8")
    payload = parse_envelope(content.encode())[0]
    for private in (
        "Nguyễn Văn Hùng",
        "Lê Thị Lan",
        "Phường Việt Trì",
        "Xã Tân Lạc",
        "Xã Thứ Ba",
        "Ít về cơ sở",
        "Chờ bổ sung lãnh đạo",
        "Nhận xét tiêu chí",
        "Đinh Văn Tuấn",
        "Bí thư Đảng ủy",
        "Tốt.",
        "Không Được Giao",
        "Giám đốc",
    ):
        assert private not in content and private not in payload, private


def test_a_number_taken_meanwhile_is_tried_again(year_2026, monkeypatch):  # noqa: F811
    """Two staff export the same year at once: the database's unique (year, sequence) refuses
    the second insert; the export numbers, signs and records again once."""
    real_save = SnapshotExport.save
    attempts = []

    def taken_once(self, *args, **kwargs):
        attempts.append(self.sequence)
        if len(attempts) == 1:
            raise IntegrityError("UNIQUE constraint failed: export_sequence_unique")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(SnapshotExport, "save", taken_once)
    filename, content, export = snapshot_export(year=2026)
    assert len(attempts) == 2
    assert SnapshotExport.objects.get().sha256 == hashlib.sha256(content).hexdigest()


def test_a_contradicting_file_is_never_made_and_nothing_is_recorded(
    year_2026,  # noqa: F811
    monkeypatch,
):
    real = export_module.snapshot_counts

    def broken(year, today=None):
        counts = real(year, today)
        counts["provinces"][0]["forms_submitted"] = 99
        return counts

    monkeypatch.setattr(export_module, "snapshot_counts", broken)
    with pytest.raises(SnapshotError, match="99"):
        snapshot_export(year=2026)
    assert not SnapshotExport.objects.exists()
