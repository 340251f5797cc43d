"""Reading numbers, years, ids and dates from a request's query string or POST body: the one
home of the rule (DECISIONS, "Status codes"): a malformed parameter answers 400 with a page that
says which one and why; a well-formed id that names nothing (or something the user may not see)
is the view's 404, through its permission-scoped get_object_or_404.

A missing or empty parameter gives the default. Views call these instead of int() in a
try/except, so `?year=abc`, `?year=10000` or `reset=abc` never reach a date or the database."""

from datetime import datetime

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from core.formats import date_input_formats

# Years the application has any business with: the scheme began in the 2010s; the bounds keep a
# year typed with a digit too many (10000) out of date() and of the database.
YEAR_MIN = 2000
YEAR_MAX = 2100

# Longer than any id or count the application makes; keeps int() on a megabyte of digits away.
_MAX_DIGITS = 12


class BadParameter(BadRequest):
    """A parameter that is not what the page reads: answered 400 by core.errors.bad_request,
    whose page shows this message."""

    def __init__(self, name, value, expected):
        self.name, self.value, self.expected = name, value, expected
        super().__init__(
            _("The parameter «%(name)s» has the value «%(value)s»: %(expected)s.")
            % {"name": name, "value": value[:40], "expected": expected}
        )


def _raw(request, name, source):
    if source not in {"GET", "POST"}:
        raise ValueError(f"source must be GET or POST, not {source!r}")
    return getattr(request, source).get(name, "").strip()


def int_param(request, name, default=None, *, minimum=None, maximum=None, source="GET"):
    """The whole number in `name`, or `default` when absent or empty; 400 for anything else
    (letters, a sign, a decimal point, non-ASCII digits) or a number outside minimum..maximum."""
    raw = _raw(request, name, source)
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > _MAX_DIGITS:
        raise BadParameter(name, raw, _("a whole number is expected"))
    value = int(raw)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise BadParameter(
            name,
            raw,
            _("a number from %(minimum)s to %(maximum)s is expected")
            % {
                "minimum": minimum if minimum is not None else 0,
                "maximum": maximum if maximum is not None else "…",
            },
        )
    return value


def id_param(request, name, default=None, *, source="GET"):
    """A row's id: a positive whole number (400 otherwise). Whether it names a row the user
    may see is the view's get_object_or_404 (404)."""
    return int_param(request, name, default, minimum=1, source=source)


def year_param(request, name="year", default=None, *, source="GET"):
    """A year from YEAR_MIN to YEAR_MAX (400 otherwise)."""
    return int_param(request, name, default, minimum=YEAR_MIN, maximum=YEAR_MAX, source=source)


def parse_day(raw):
    """A date typed as people here type it (dd/mm/yyyy, ISO also) within the years the
    application knows; None when it is not one."""
    for fmt in date_input_formats():
        try:
            day = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        return day if YEAR_MIN <= day.year <= YEAR_MAX else None
    return None


def date_param(request, name, default=None, *, source="GET"):
    """The date in `name` (dd/mm/yyyy, ISO also), or `default` when absent or empty; 400 for
    anything else, a day that does not exist (31/02) or a year outside YEAR_MIN..YEAR_MAX."""
    raw = _raw(request, name, source)
    if raw == "":
        return default
    day = parse_day(raw)
    if day is None:
        raise BadParameter(
            name,
            raw,
            _("a date from %(first)s to %(last)s written dd/mm/yyyy is expected")
            % {"first": f"01/01/{YEAR_MIN}", "last": f"31/12/{YEAR_MAX}"},
        )
    return day


def text_param(request, name, default="", *, max_length=200, source="GET"):
    """A search text, trimmed; 400 for a NUL character (PostgreSQL refuses it in any query) or
    a text longer than `max_length`."""
    raw = _raw(request, name, source)
    if raw == "":
        return default
    if "\x00" in raw or len(raw) > max_length:
        raise BadParameter(
            name,
            raw.replace("\x00", "\\0"),
            _("a text of at most %(n)d characters, without control characters, is expected")
            % {"n": max_length},
        )
    return raw
