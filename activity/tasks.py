"""Reminders of the cadres' own deadlines (monitoring plan, 6-month and annual reports): 7 and
2 days before, by e-mail, once per stage (Celery beat, daily)."""

from celery import shared_task
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .figures import cadres_of
from .models import ActivityYear, DeadlineReminder, Plan, Report

STAGES = (7, 2)


def _pending(year, what):
    if what == "plan":
        done = Plan.objects.filter(year=year).values_list("cadre_id", flat=True)
    else:
        period = Report.Period.HALF_YEAR if what == "half" else Report.Period.ANNUAL
        done = Report.objects.filter(year=year, period=period).values_list("cadre_id", flat=True)
    return cadres_of(year).exclude(pk__in=list(done))


@shared_task(name="activity.tasks.deadline_reminders", time_limit=600, soft_time_limit=570)
def deadline_reminders():
    today = timezone.localdate()
    sent = 0
    with override("vi"):
        labels = {
            "plan": _("monitoring plan"),
            "half": _("6-month report"),
            "annual": _("annual report"),
        }
        for settings in ActivityYear.objects.filter(year=today.year):
            deadlines = {
                "plan": settings.plan_deadline,
                "half": settings.half_year_deadline,
                "annual": settings.annual_deadline,
            }
            for what, deadline in deadlines.items():
                days = (deadline - today).days
                if days not in STAGES:
                    continue
                for cadre in _pending(settings.year, what):
                    try:
                        with transaction.atomic():
                            DeadlineReminder.objects.create(
                                cadre=cadre, year=settings.year, what=what, days_before=days
                            )
                    except IntegrityError:
                        continue
                    if cadre.email:
                        send_mail(
                            _("Reminder: %(what)s due on %(date)s")
                            % {"what": labels[what], "date": deadline.strftime("%d/%m/%Y")},
                            _(
                                "Comrade %(name)s,\n\nYour %(what)s for %(year)s is due on "
                                "%(date)s. Please submit it in the application.\n"
                            )
                            % {
                                "name": cadre.full_name,
                                "what": labels[what],
                                "year": settings.year,
                                "date": deadline.strftime("%d/%m/%Y"),
                            },
                            None,
                            [cadre.email],
                        )
                    sent += 1
    return sent
