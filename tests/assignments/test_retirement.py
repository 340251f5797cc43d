"""Retirement dates by Nghị định 135/2020/NĐ-CP, checked against the decree's annex table."""

from datetime import date

import pytest

from assignments.retirement import FEMALE, MALE, retirement


@pytest.mark.parametrize(
    ("born", "gender", "age", "retires_on"),
    [
        (date(1960, 9, 15), MALE, (60, 0), date(2020, 9, 30)),  # before the reform
        (date(1961, 1, 10), MALE, (60, 3), date(2021, 4, 30)),  # annex: 01/1961 → 04/2021
        (date(1961, 10, 5), MALE, (60, 6), date(2022, 4, 30)),  # annex: 10/1961 → 04/2022
        (date(1966, 1, 20), FEMALE, (55, 4), date(2021, 5, 31)),  # annex: 01/1966 → 05/2021
        (date(1966, 9, 1), FEMALE, (55, 8), date(2022, 5, 31)),  # annex: 09/1966 → 05/2022
        (date(1966, 4, 30), MALE, (62, 0), date(2028, 4, 30)),  # ceiling reached in 2028
        (date(1980, 2, 29), FEMALE, (60, 0), date(2040, 2, 29)),  # ceiling, leap day
    ],
)
def test_it_computes_the_retirement_date_of_the_decree(born, gender, age, retires_on):
    result = retirement(born, gender)
    assert result.age_label == age
    assert result.retires_on == retires_on


def test_it_says_nothing_without_a_gender():
    assert retirement(date(1970, 1, 1), "") is None
