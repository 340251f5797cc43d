"""A home page's to-do list (issue 14: pages that say what to do next): what needs doing, how
many, where to do it, the most urgent first. Each app counts its own data; a small `todo`
module beside each home page composes the items, and `partials/todo.html` shows them."""

from dataclasses import dataclass
from enum import IntEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formats import ddmmyyyy
from core.ratio import Ratio

# A deadline this close makes a task "due soon": the week the reminders step up in.
DUE_SOON_DAYS = 7


class Urgency(IntEnum):
    """The order of the list: lower first."""

    NOW = 0  # a deadline has passed, or nothing else works until it is done
    SOON = 1  # a deadline within DUE_SOON_DAYS, or someone is waiting for this user
    LATER = 2  # to do, with time left
    READ = 3  # figures to read, nothing to act on


def urgency_of(deadline, today):
    if deadline < today:
        return Urgency.NOW
    if (deadline - today).days <= DUE_SOON_DAYS:
        return Urgency.SOON
    return Urgency.LATER


def deadline_note(deadline, today):
    """'deadline 15/12/2026, 13 days left', '… today', or '… 3 days overdue'."""
    days = (deadline - today).days
    when = ddmmyyyy(deadline)
    if days > 0:
        return ngettext(
            "deadline %(date)s, %(days)d day left",
            "deadline %(date)s, %(days)d days left",
            days,
        ) % {"date": when, "days": days}
    if days == 0:
        return _("deadline %(date)s, today") % {"date": when}
    return ngettext(
        "deadline %(date)s, %(days)d day overdue",
        "deadline %(date)s, %(days)d days overdue",
        -days,
    ) % {"date": when, "days": -days}


@dataclass(frozen=True)
class Item:
    """One line of the list. `key` names it for tests and screen readers (data-testid
    "todo-<key>"); a task has a `count` (None: one thing to do, with no count), a figure to
    read has a `ratio` instead."""

    key: str
    label: str
    url: str
    urgency: Urgency
    count: int | None = None
    ratio: Ratio | None = None
    note: str = ""

    @property
    def is_pending(self):
        """A count of zero is nothing to do, and a ratio of nothing (0/0) nothing to read:
        both are left out of the list."""
        if self.ratio is not None:
            return self.ratio.denominator > 0
        return self.count is None or self.count > 0


def todo_list(items):
    """The pending items, the most urgent first; items of one urgency keep the order given."""
    return sorted((item for item in items if item.is_pending), key=lambda item: item.urgency)


# Items an app above the home page's own adds to it (the cadre's home lives in `activity`, below
# `breakthroughs` in the layers): each app registers a function in its AppConfig.ready().
_PROVIDERS = {}


def provide(home, function):
    """Add `function(user, today) -> [Item]` to the to-do list of the home page `home`."""
    _PROVIDERS.setdefault(home, []).append(function)


def provided(home, user, today):
    """The items other apps add to the home page `home` for `user`."""
    return [item for function in _PROVIDERS.get(home, []) for item in function(user, today)]
