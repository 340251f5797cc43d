"""The evaluation's workflows, one module per topic: a round (rounds), a form (forms), the
reminders to the communes still missing forms (reminders). Callers use `services.<name>`."""

from .forms import (
    FIELDS,
    REQUIRED_TO_SUBMIT,
    StaleForm,
    changes_since_return,
    form_accept,
    form_ready_errors,
    form_return,
    form_review,
    form_save,
    last_return,
    missing_for_submission,
    required_to_submit,
)
from .reminders import reminder_message, reminder_send, reminders_send
from .rounds import (
    DEFAULT_CRITERIA,
    criteria_replace,
    deadline_extend,
    expected_add,
    expected_drop,
    expected_pairs,
    round_close,
    round_create,
    round_open,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "FIELDS",
    "REQUIRED_TO_SUBMIT",
    "StaleForm",
    "required_to_submit",
    "changes_since_return",
    "criteria_replace",
    "deadline_extend",
    "expected_add",
    "expected_drop",
    "expected_pairs",
    "form_accept",
    "form_ready_errors",
    "form_return",
    "form_review",
    "form_save",
    "last_return",
    "missing_for_submission",
    "reminder_message",
    "reminder_send",
    "reminders_send",
    "round_close",
    "round_create",
    "round_open",
]
