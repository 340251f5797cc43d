"""Reminders of the breakthrough tasks' deadlines (BreakthroughYear), with the machinery of the
cadres' plan and report deadlines (activity.services.deadline_reminders_send): 7 and 2 days
before each deadline (TaskReminder.DAYS_BEFORE), by e-mail, once per stage (TaskReminder's
unique constraint, which also settles two runs at once):

- registration: cadres under the Standing Board's management, in office, who have sent no task
  for the year (a draft is not sent);
- approval: the Organization Department's staff, about the cadres whose tasks await review
  (registered, or changed after approval);
- assessment: cadres with an assigned task they have not assessed yet.

The daily run is breakthroughs.tasks.deadline_reminders (Celery beat)."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from accounts.roles import Role
from assignments.models import Cadre
from core.formats import ddmmyyyy
from core.todo import Item, deadline_note, todo_list, urgency_of

from .models import BreakthroughYear, Task, TaskReminder

What = TaskReminder.What


def deadlines(settings):
    """{what: deadline} of a BreakthroughYear."""
    return {
        What.REGISTRATION: settings.registration_deadline,
        What.APPROVAL: settings.approval_deadline,
        What.ASSESSMENT: settings.assessment_deadline,
    }


def cadres_to_remind(year, what):
    """The cadres a reminder of `what` is about, in `year` (see the module's rules)."""
    tasks = Task.objects.filter(year=year)
    if what == What.REGISTRATION:
        sent = tasks.exclude(status=Task.Status.DRAFT).values("cadre_id")
        return Cadre.objects.in_office().filter(standing_board=True).exclude(pk__in=sent)
    if what == What.APPROVAL:
        waiting = tasks.filter(status__in=[Task.Status.REGISTERED, Task.Status.CHANGED])
        return Cadre.objects.filter(pk__in=waiting.values("cadre_id"))
    unassessed = tasks.assigned().filter(self_assessment="")
    return Cadre.objects.filter(pk__in=unassessed.values("cadre_id"))


def _values(year, deadline):
    return {"year": year, "date": ddmmyyyy(deadline)}


def cadre_message(*, cadre, year, what, deadline):
    """(subject, body) of a cadre's reminder, in Vietnamese whatever language the worker runs
    in."""
    with override("vi"):
        values = dict(_values(year, deadline), name=cadre.full_name)
        if what == What.REGISTRATION:
            subject = _("Reminder: register your breakthrough tasks for %(year)s by %(date)s")
            body = _(
                "Comrade %(name)s,\n\nThe breakthrough tasks for %(year)s are to be registered "
                "by %(date)s. Please register yours in the application.\n"
            )
        else:
            subject = _("Reminder: year-end self-assessment of your breakthrough tasks by %(date)s")
            body = _(
                "Comrade %(name)s,\n\nThe self-assessment of your breakthrough tasks for "
                "%(year)s is due on %(date)s. Please record the value reached for each target "
                "and your assessment in the application.\n"
            )
        return subject % values, body % values


def staff_message(*, cadres, year, deadline):
    """(subject, body) of the staff's reminder of the tasks awaiting review, naming the
    cadres."""
    with override("vi"):
        values = dict(
            _values(year, deadline),
            count=len(cadres),
            names="\n".join(f"- {c.full_name} ({c.unit_name})" for c in cadres),
        )
        subject = _("Reminder: breakthrough tasks for %(year)s to approve by %(date)s")
        body = _(
            "The breakthrough tasks of %(count)d cadre(s) await review and approval, due on "
            "%(date)s:\n%(names)s\n"
        )
        return subject % values, body % values


def _record(cadre, year, what, days_before):
    """Record one stage's reminder about `cadre`; False if it was already recorded."""
    try:
        with transaction.atomic():
            TaskReminder.objects.create(cadre=cadre, year=year, what=what, days_before=days_before)
    except IntegrityError:
        return False
    return True


def staff_emails():
    return list(
        User.objects.filter(is_active=True, groups__name=Role.STAFF)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )


def stage_send(*, year, what, deadline, days_before):
    """Send one stage's reminders; returns how many cadres they were about. A cadre's reminder
    is committed with its e-mail (the mail server failing rolls it back, and the task's retry
    sends it again); the staff's one e-mail names every cadre of the stage not named yet."""
    cadres = list(cadres_to_remind(year, what).select_related("agency", "commune"))
    if what == What.APPROVAL:
        with transaction.atomic():
            new = [c for c in cadres if _record(c, year, what, days_before)]
            recipients = staff_emails()
            if new and recipients:
                subject, body = staff_message(cadres=new, year=year, deadline=deadline)
                send_mail(subject, body, None, recipients, fail_silently=False)
        return len(new)
    sent = 0
    for cadre in cadres:
        with transaction.atomic():
            if not _record(cadre, year, what, days_before):
                continue
            if cadre.email:
                subject, body = cadre_message(cadre=cadre, year=year, what=what, deadline=deadline)
                send_mail(subject, body, None, [cadre.email], fail_silently=False)
        sent += 1
    return sent


def reminders_send(*, today=None):
    """Every deadline 7 or 2 days ahead, of the years around today (registration may fall in
    the year before, the assessment in the year after); returns how many cadres the reminders
    were about. Not one transaction: a failure half way keeps what was sent."""
    today = today or timezone.localdate()
    sent = 0
    years = BreakthroughYear.objects.filter(year__range=(today.year - 1, today.year + 1))
    for settings in years:
        for what, deadline in deadlines(settings).items():
            days_before = (deadline - today).days
            if days_before in TaskReminder.DAYS_BEFORE:
                sent += stage_send(
                    year=settings.year, what=what, deadline=deadline, days_before=days_before
                )
    return sent


def cadre_todo(cadre, today):
    """The cadre's to-do items about breakthrough tasks (core.todo), for a home page that
    composes them: register before the registration deadline, assess before the assessment
    deadline, while the cadre still owes it."""
    items = []
    years = BreakthroughYear.objects.filter(year__range=(today.year - 1, today.year + 1))
    for settings in years:
        for what, deadline in deadlines(settings).items():
            if what == What.APPROVAL or deadline < today:
                continue
            if not cadres_to_remind(settings.year, what).filter(pk=cadre.pk).exists():
                continue
            label = (
                _("Register your breakthrough tasks for %(year)s")
                if what == What.REGISTRATION
                else _("Assess your breakthrough tasks for %(year)s")
            )
            items.append(
                Item(
                    f"breakthrough-{what}-{settings.year}",
                    label % {"year": settings.year},
                    reverse("breakthroughs:mine"),
                    urgency_of(deadline, today),
                    note=deadline_note(deadline, today),
                )
            )
    return todo_list(items)
