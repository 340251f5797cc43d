"""The to-do list at the top of a cadre's page (issue 14): the plan and reports still to send,
with their deadlines, and the visits and meetings still short of the year's minimum. The
counts come from activity.figures; core.todo orders them."""

from django.utils.translation import gettext as _

from core.todo import Item, Urgency, deadline_note, todo_list, urgency_of

from .figures import owed_by, settings_for, under_minimum
from .models import Report


def _owed_label(what, year):
    labels = {
        "plan": _("Send the monitoring plan for %(year)s"),
        Report.Period.HALF_YEAR: _("Send the 6-month report for %(year)s"),
        Report.Period.ANNUAL: _("Send the annual report for %(year)s"),
    }
    return labels[what] % {"year": year}


def cadre_todo(cadre, year, today):
    """For `year`, the year the page shows; links point at the page's own sections."""
    items = [
        Item(
            f"owed-{what}",
            _owed_label(what, year),
            "#plan" if what == "plan" else "#reports",
            urgency_of(deadline, today),
            note=deadline_note(deadline, today),
        )
        for what, deadline in owed_by(cadre, year)
    ]
    # A year that is over can no longer be caught up with: its shortfall is not a task.
    short = under_minimum(year, cadre=cadre) if year >= today.year else []
    settings = settings_for(year) if short else None
    for row in short:
        items += [
            Item(
                "visits",
                _("visits still to log to reach this year's minimum of %(n)d")
                % {"n": settings.min_visits},
                "#log-visit",
                Urgency.LATER,
                row.visits_short,
            ),
            Item(
                "meetings",
                _("Party meetings still to attend to reach this year's minimum of %(n)d")
                % {"n": settings.min_meetings},
                "#log-visit",
                Urgency.LATER,
                row.meetings_short,
            ),
        ]
    return todo_list(items)
