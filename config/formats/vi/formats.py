"""Vietnamese formats. Django's own `vi` locale has no input formats, so "05/03/2025" would be
read as 3 May and "25/12/2025" refused; it also prints numbers without grouping."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
FIRST_DAY_OF_WEEK = 1  # Thứ Hai

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 25/12/2025
    "%d/%m/%y",  # 25/12/25
    "%d-%m-%Y",  # 25-12-2025
    "%d.%m.%Y",  # 25.12.2025
    "%Y-%m-%d",  # ISO 2025-12-25
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%H:%M %d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
