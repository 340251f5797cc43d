"""rollup.figures: the snapshot that counts for each province, and the comparison (issue 19's
must-show: the comparison's ratios checked against the numerators and denominators)."""

import json
from decimal import Decimal

import pytest

from core.ratio import Ratio
from rollup.figures import comparison, comparison_figures, current_snapshots

from .comparison_data import forms, store, two_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return two_years()


def test_it_counts_the_highest_version_of_each_province_even_when_an_older_came_later(data):
    found = current_snapshots(2025)
    assert found == {
        data["ha_noi"]: data["hanoi"],
        data["lao_cai"]: None,
        data["phu_tho"]: data["latest"],
    }


def test_it_lists_the_followed_provinces_that_have_not_sent(data):
    result = comparison(2025)
    assert [row.province.name for row in result.rows] == ["Hà Nội", "Phú Thọ"]
    assert result.missing == [data["lao_cai"]]
    assert result.followed == 3


def test_it_computes_each_ratio_from_the_province_rows_numerator_and_denominator(data):
    rows = {row.province.code: row for row in comparison(2025).rows}
    ha_noi = rows["01"].ratios
    assert ha_noi["submitted"] == Ratio(709, 724)
    assert ha_noi["submitted"].percent == Decimal("97.9")  # not the 99.55 % once printed
    assert ha_noi["accepted"] == Ratio(700, 724)
    assert ha_noi["communes"] == Ratio(125, 126)
    assert ha_noi["commended"] == Ratio(188, 221)
    assert ha_noi["tasks"] == Ratio(0, 0)
    assert ha_noi["tasks"].percent_label() == "—"
    assert ha_noi["hamlets"] == Ratio(2000, 2000)
    phu_tho = rows["25"].ratios
    assert phu_tho["submitted"] == Ratio(150, 160)  # version 3's, not the replayed version 2's
    assert phu_tho["tasks"] == Ratio(7, 10)


def test_the_total_is_the_sum_of_numerators_over_the_sum_of_denominators(data):
    result = comparison(2025)
    total = result.total_ratios["submitted"]
    assert total == Ratio(709 + 150, 724 + 160)
    assert total.percent == Decimal("97.2")
    # The average of the two percentages (97.9 and 93.75) would say 95.8.
    assert total.percent != Decimal("95.8")


def test_it_never_reads_a_ratio_or_a_total_from_the_file(data):
    """A file's own totals are not what the comparison adds up: its province rows are."""
    snapshot = data["hanoi"]
    snapshot.counts["totals"]["forms_submitted"] = 1
    snapshot.counts["provinces"][0]["ratio"] = "99.55%"
    snapshot.save()
    rows = {row.province.code: row for row in comparison(2025).rows}
    assert rows["01"].ratios["submitted"] == Ratio(709, 724)


def test_the_year_before_2025_is_the_old_map_installation_that_covered_the_same_code(data):
    """The new Phú Thọ (25) after the merger against the 2024 snapshot its installation made
    for the old 17, 25 and 26, summed; Hà Nội (01, unchanged) against its own 2024 row."""
    rows = {row.province.code: row for row in comparison(2025).rows}
    before = rows["25"].before
    assert before.year == 2024
    assert before.codes == ["17", "25", "26"]
    assert [snapshot for snapshot, _codes in before.parts] == [data["merged_2024"]]
    assert before.ratios["submitted"] == Ratio(151 + 200 + 130, 151 + 225 + 136)
    assert before.ratios["communes"] == Ratio(150 + 225 + 136, 151 + 225 + 136)
    assert rows["01"].before.ratios["submitted"] == Ratio(500, 579)
    assert rows["01"].before.codes == ["01"]


def test_the_total_of_the_year_before_sums_each_province_row_once(data):
    result = comparison(2025)
    assert result.total_before_ratios["submitted"] == Ratio(
        151 + 200 + 130 + 500, 151 + 225 + 136 + 579
    )


def test_on_the_same_map_the_year_before_is_the_same_provinces_row(data):
    store(
        [data["ha_noi"]],
        year=2026,
        sequence=1,
        rows={"01": forms(720, 724)},
        installation="THÀNH ỦY HÀ NỘI",
    )
    result = comparison(2026)
    (row,) = result.rows
    assert row.ratios["submitted"] == Ratio(720, 724)
    assert row.before.ratios["submitted"] == Ratio(709, 724)
    assert [p.name for p in result.missing] == ["Lào Cai", "Phú Thọ"]


def test_a_year_without_a_snapshot_the_year_before_has_none(data):
    result = comparison(2024)
    assert [row.province.code for row in result.rows] == ["01", "17", "25", "26"]
    assert all(row.before is None for row in result.rows)
    assert result.total_before is None


def test_the_figures_kept_on_a_report_job_are_plain_numbers_naming_their_versions(data):
    figures = comparison_figures(2025)
    assert json.loads(json.dumps(figures)) == figures
    phu_tho = next(r for r in figures["rows"] if r["code"] == "25")
    assert phu_tho["counts"]["forms_submitted"] == 150
    assert phu_tho["version"]["sequence"] == 3
    assert phu_tho["version"]["installation"] == "TỈNH ỦY PHÚ THỌ"
    assert phu_tho["before"]["codes"] == ["17", "25", "26"]
    assert phu_tho["before"]["versions"][0]["sequence"] == 2
    assert figures["missing"] == [{"code": "15", "name": "Lào Cai"}]
    assert figures["total"]["forms_submitted"] == 859
