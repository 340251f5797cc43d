"""The to-do list's order and what it leaves out (core/todo.py), whatever page shows it."""

from datetime import date

from core.ratio import Ratio
from core.todo import Item, Urgency, todo_list, urgency_of


def _item(key, urgency, **fields):
    return Item(key, key, "/", urgency, **fields)


def test_it_puts_the_most_urgent_first_and_keeps_the_given_order_within_one_urgency():
    items = [
        _item("later", Urgency.LATER, count=1),
        _item("read", Urgency.READ, ratio=Ratio(1, 2)),
        _item("now-1", Urgency.NOW, count=3),
        _item("soon", Urgency.SOON, count=2),
        _item("now-2", Urgency.NOW),
    ]
    assert [i.key for i in todo_list(items)] == ["now-1", "now-2", "soon", "later", "read"]


def test_it_leaves_out_a_count_of_zero_and_a_ratio_of_nothing():
    items = [
        _item("none-left", Urgency.NOW, count=0),
        _item("nothing-to-divide", Urgency.READ, ratio=Ratio(0, 0)),
        _item("none-yet", Urgency.READ, ratio=Ratio(0, 5)),
        _item("set-up", Urgency.NOW),
    ]
    assert [i.key for i in todo_list(items)] == ["set-up", "none-yet"]


def test_a_deadline_is_due_soon_from_a_week_before_and_overdue_the_day_after():
    deadline = date(2026, 12, 15)
    assert urgency_of(deadline, date(2026, 12, 7)) == Urgency.LATER
    assert urgency_of(deadline, date(2026, 12, 8)) == Urgency.SOON
    assert urgency_of(deadline, date(2026, 12, 15)) == Urgency.SOON
    assert urgency_of(deadline, date(2026, 12, 16)) == Urgency.NOW
