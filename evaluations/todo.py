"""The to-do list at the top of a commune's home page (issue 14): forms to fill in, forms
returned for correction, visits to confirm. The counts come from evaluations.figures and
activity.figures; core.todo orders them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from activity.figures import visits_to_confirm
from core.todo import Item, Urgency, deadline_note, todo_list, urgency_of

from .figures import commune_forms_to_do


def commune_todo(commune_id, today, forms=None, visits_pending=None):
    """The commune's to-do list. Its home passes what it has already loaded (its forms, with
    their rounds and deadlines; the number of visits waiting for it), so as not to count again."""
    home = reverse("evaluations:home")
    items = []
    for row in commune_forms_to_do(commune_id, today, forms):
        year = row.round.year
        urgency = urgency_of(row.deadline, today)
        note = deadline_note(row.deadline, today)
        items += [
            # The Organization Department is waiting for these: never later than "soon".
            Item(
                f"returned-{year}",
                _("forms returned for correction, round %(year)s") % {"year": year},
                f"{home}#round-{year}",
                min(urgency, Urgency.SOON),
                row.returned,
                note=note,
            ),
            Item(
                f"fill-{year}",
                _("forms to fill in and send, round %(year)s") % {"year": year},
                f"{home}#round-{year}",
                urgency,
                row.to_fill,
                note=note,
            ),
        ]
    items.append(
        Item(
            "visits",
            _("visits logged by your cadre, to confirm"),
            f"{home}#pending-visits",
            Urgency.LATER,
            visits_to_confirm(commune_id) if visits_pending is None else visits_pending,
        )
    )
    return todo_list(items)
