"""How the import engine reads one cell: trimmed and normalised first, then measured."""

import pytest

from core.imports import Column, ImportSpec, run_import
from tests.workbooks import xlsx


class DecisionNumbers(ImportSpec):
    """The smallest workbook: one column of decision numbers of at most 10 characters."""

    kind = "decision-numbers"
    columns = (Column("number", ("Số quyết định",), max_length=10),)

    def prepare(self):
        self.read = []

    def process(self, row, values, result):
        self.read.append(values["number"])


def _read(*cells):
    spec = DecisionNumbers()
    result = run_import(spec, xlsx([("Số quyết định",), *((c,) for c in cells)]), dry_run=True)
    return spec, result


@pytest.mark.django_db
def test_it_accepts_a_value_padded_with_spaces_that_fits_once_trimmed():
    spec, result = _read("   1250-QĐ/TU   ", "\u00a01250-QĐ/TU\t")
    assert result.errors == []
    assert spec.read == ["1250-QĐ/TU", "1250-QĐ/TU"]


@pytest.mark.django_db
def test_it_measures_inner_runs_of_spaces_as_one():
    spec, result = _read("1250 -   QĐ")
    assert result.errors == []
    assert spec.read == ["1250 - QĐ"]


@pytest.mark.django_db
def test_it_still_refuses_a_value_too_long_once_trimmed_and_says_its_trimmed_length():
    _spec, result = _read("  1250-QĐ/TU-BTC  ")
    assert [(e.row, e.message) for e in result.errors] == [(2, "quá dài (14 ký tự, tối đa 10)")]
