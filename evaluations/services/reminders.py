"""Reminders to the communes still missing forms: automatically 7 days and 2 days before their
own deadline and the day after it, and whenever staff ask (DECISIONS: reminders step up as the
deadline nears). Each is recorded, so the commune sees it at home even without e-mail, and the
record's constraints keep a rerun, a retry or a double click from sending anything twice."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.formats import ddmmyyyy

from ..figures import missing_communes
from ..models import Reminder


def reminder_message(*, evaluation_round, row):
    """(subject, body) of the e-mail to one commune (`row`: figures.MissingCommune), in
    Vietnamese whatever language the worker runs in."""
    with override("vi"):
        subject = _("Evaluation forms %(year)s: %(missing)d still to send") % {
            "year": evaluation_round.year,
            "missing": row.missing,
        }
        body = _(
            "To %(committee)s,\n\n"
            "The Organization Department has not yet received %(missing)d of the %(expected)d "
            "evaluation forms expected from your commune for %(year)s. Your deadline is "
            "%(deadline)s.\n\nPlease log in to fill in and submit them.\n"
        ) % {
            "committee": row.commune.committee_name,
            "missing": row.missing,
            "expected": row.expected,
            "year": evaluation_round.year,
            "deadline": ddmmyyyy(row.deadline),
        }
    return subject, body


def _recipients(row):
    """The committee's own address and its accounts' (DECISIONS: imports, commune contact)."""
    return sorted({e for e in [row.commune.email, *row.accounts_email.split(", ")] if e})


def reminder_send(*, evaluation_round, row, stage, today):
    """Record one commune's reminder and e-mail it; False if this stage (or, by hand, this day)
    was already sent. Record and e-mail go together: if the mail server fails, the record is
    rolled back and the caller's retry sends it again."""
    recipients = _recipients(row)
    try:
        with transaction.atomic():
            reminder = Reminder(
                round=evaluation_round,
                commune=row.commune,
                stage=stage,
                sent_on=today,
                recipients=", ".join(recipients),
                missing_forms=row.missing,
            )
            # Round and commune were just read; the pair of constraints (one per automatic
            # stage, one manual a day) is left to the database, which also settles two runs
            # at once.
            reminder.full_clean(exclude=["round", "commune"], validate_constraints=False)
            reminder.save()
            if recipients:
                subject, body = reminder_message(evaluation_round=evaluation_round, row=row)
                send_mail(subject, body, None, recipients, fail_silently=False)
    except IntegrityError:
        return False
    return True


def reminders_send(*, evaluation_round, manual=False, today=None):
    """Remind the communes of an open round that still owe forms; returns how many were
    reminded. Automatic (the daily run): the stage due today for each commune's own deadline,
    if any. Manual (staff): every commune still missing forms.

    Not one transaction: each commune's reminder is committed with its e-mail, so a failure
    half way keeps those already sent, and a retry sends only the rest."""
    if not evaluation_round.is_open:
        return 0
    today = today or timezone.localdate()
    sent = 0
    for row in missing_communes(evaluation_round):
        stage = Reminder.Stage.MANUAL if manual else Reminder.automatic_stage(row.deadline, today)
        if stage is not None and reminder_send(
            evaluation_round=evaluation_round, row=row, stage=stage, today=today
        ):
            sent += 1
    return sent
