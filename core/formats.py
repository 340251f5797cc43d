"""Dates as people here read and type them. The one home of the format is the `vi` format
module (config/formats/vi/formats.py, DECISIONS: Vietnamese formats); code that writes a
date into a message, a file or a page calls these instead of spelling "%d/%m/%Y" again."""

from django.utils import dateformat
from django.utils.formats import get_format

# Documents, e-mails and reminders are Vietnamese whatever language the page or the worker
# runs in, so the format is always taken from the vi module.
LANGUAGE = "vi"


def ddmmyyyy(value):
    """'25/12/2025' for a date (a datetime: its date, as given); '' for None."""
    if not value:
        return ""
    return dateformat.format(value, get_format("SHORT_DATE_FORMAT", lang=LANGUAGE))


def ddmmyyyy_hhmm(value):
    """'08:30 25/12/2025' for a datetime, in the time it carries (localise it first)."""
    if not value:
        return ""
    return dateformat.format(value, get_format("SHORT_DATETIME_FORMAT", lang=LANGUAGE))


def date_input_formats():
    """The ways a date may be typed (dd/mm/yyyy first, ISO also), for parsers outside forms."""
    return get_format("DATE_INPUT_FORMATS", lang=LANGUAGE)
