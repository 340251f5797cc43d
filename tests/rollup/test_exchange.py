"""The exchange end to end (issue 19): two provinces, each on its own database in its own process
with its own key, export their year; the centre registers them and imports the files. What the
centre then shows is checked against each province's own database, and a copy of a real file
with one figure changed is refused."""

import json
import sqlite3

import pytest

from demo.central import _register_and_import, _run_provinces
from rollup.figures import comparison
from rollup.models import FollowedProvince, Snapshot
from rollup.services import SnapshotRefused, province_register, snapshot_import

pytestmark = pytest.mark.django_db

PROVINCES = {"cao-bang": "04", "tuyen-quang": "08"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The two provinces' folders (their files and public key) and databases, made once."""
    workdir = tmp_path_factory.mktemp("provinces")
    return workdir, _run_provinces(list(PROVINCES), workdir)


def _province_forms(workdir, slug, year):
    """The province's own count of its year's forms, straight from its database."""
    with sqlite3.connect(workdir / slug / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT f.status, COUNT(*) FROM evaluations_evaluationform f "
            "JOIN evaluations_evaluationround r ON r.id = f.round_id "
            "WHERE r.year = ? AND f.dropped_at IS NULL GROUP BY f.status",
            (year,),
        ).fetchall()
    return dict(rows)


def test_two_provinces_export_and_the_centre_compares_them(central, exported, staff):
    workdir, folders = exported
    for slug in PROVINCES:
        _register_and_import(folders[slug], staff)

    assert Snapshot.objects.filter(year=2025).count() == 2
    rows = {row.province.code: row for row in comparison(2025).rows}
    assert set(rows) == set(PROVINCES.values())
    for slug, code in PROVINCES.items():
        forms = _province_forms(workdir, slug, 2025)
        received = sum(n for status, n in forms.items() if status in {"submitted", "accepted"})
        counts = rows[code].counts
        assert counts["forms_expected"] == sum(forms.values())
        assert counts["forms_submitted"] == received
        assert counts["forms_accepted"] == forms.get("accepted", 0)
        # The files hold counts only: not one name of the province's people or communes.
        with sqlite3.connect(workdir / slug / "db.sqlite3") as db:
            names = [n for (n,) in db.execute("SELECT full_name FROM assignments_cadre")]
        for path in folders[slug].glob("snapshot-*.json"):
            text = path.read_text(encoding="utf-8")
            assert not [name for name in names if name in text]
    # Tuyên Quang sent 2026 too; Cao Bằng did not.
    this_year = comparison(2026)
    assert [row.province.code for row in this_year.rows] == ["08"]
    assert [province.code for province in this_year.missing] == ["04"]


def test_a_copy_with_one_figure_changed_is_refused(central, exported, staff):
    _, folders = exported
    folder = folders["cao-bang"]
    path = next(folder.glob("snapshot-04-2025-*.json"))
    envelope = json.loads(path.read_bytes())
    payload = json.loads(envelope["payload"])
    payload["counts"]["provinces"][0]["forms_submitted"] -= 1
    payload["counts"]["totals"]["forms_submitted"] -= 1
    envelope["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    pem = (folder / "public-key.pem").read_text()
    province_register(code="04", map_=FollowedProvince.Map.CURRENT, pem_text=pem, user=staff)

    with pytest.raises(SnapshotRefused, match="Chữ ký số không hợp lệ: tệp đã bị sửa sau khi ký"):
        snapshot_import(content=json.dumps(envelope).encode(), user=staff)
    assert not Snapshot.objects.exists()
    # The untouched file goes in.
    snapshot, created = snapshot_import(content=path.read_bytes(), user=staff)
    assert created and snapshot.counts["totals"]["forms_submitted"] == (
        payload["counts"]["totals"]["forms_submitted"] + 1
    )
