"""Retirement age under Nghị định 135/2020/NĐ-CP (Bộ luật Lao động 2019, Điều 169).

From 2021 the age rises each year: men from 60 years 3 months by 3 months a year up to 62
(reached in 2028), women from 55 years 4 months by 4 months a year up to 60 (reached in 2035).
Before 2021 it was 60 and 55. The moment of retirement is the end of the last day of the month
in which the person reaches the age (Điều 4 of the decree).
"""

import calendar
from dataclasses import dataclass
from datetime import date

MALE = "male"
FEMALE = "female"
GENDERS = (MALE, FEMALE)

# (base age in months in 2020, months added each year, ceiling in months)
_SCHEDULE = {
    MALE: (60 * 12, 3, 62 * 12),
    FEMALE: (55 * 12, 4, 60 * 12),
}


@dataclass(frozen=True)
class Retirement:
    age_months: int
    reaches_age_on: date
    retires_on: date

    @property
    def age_label(self):
        years, months = divmod(self.age_months, 12)
        return (years, months)


def retirement_age(gender, year):
    """The retirement age, in months, of a person of `gender` who reaches it in `year`. It never
    falls from one year to the next."""
    base, step, ceiling = _SCHEDULE[gender]
    return min(base + step * max(0, year - 2020), ceiling)


def add_months(day, months):
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def retirement(date_of_birth, gender):
    """When a person born on `date_of_birth` reaches retirement age, or None if unknown.

    The applicable age is the one of the year in which it is reached; the age grows by at most
    four months a year, so the first year that agrees with itself is the answer.
    """
    if not date_of_birth or gender not in _SCHEDULE:
        return None
    for year in range(date_of_birth.year + 55, date_of_birth.year + 64):
        age = retirement_age(gender, year)
        reached = add_months(date_of_birth, age)
        if reached.year == year:
            last_day = calendar.monthrange(reached.year, reached.month)[1]
            return Retirement(age, reached, date(reached.year, reached.month, last_day))
    return None  # pragma: no cover - the schedule always has a fixed point
