"""The to-do lists of the staff's and the leaders' home pages (issue 14: pages that say what
to do next). Every count comes from the app that owns the data; this module only names the
items, links them to the page where the work is done, and orders them (core.todo). Each call
is a few aggregate queries, whatever the number of communes, cadres or forms."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activity.figures import overdue
from activity.models import Report
from assignments.figures import communes_covered, retiring_cadres, uncovered_communes
from core.models import ImportUpload, Organisation
from core.todo import Item, Urgency, deadline_note, todo_list, urgency_of
from evaluations.figures import awaiting_acceptance, completeness, owing_per_round
from evaluations.models import EvaluationRound

from .figures import commendation
from .models import ReportJob

# The months ahead the coverage dashboard looks for retirements by default (retiring_cadres).
RETIRING_MONTHS = 12


def _overdue_label(what):
    return {
        "plan": _("monitoring plans not received, deadline passed"),
        Report.Period.HALF_YEAR: _("6-month reports not received, deadline passed"),
        Report.Period.ANNUAL: _("annual reports not received, deadline passed"),
    }[what]


def staff_todo(user, today):
    """What the Organization Department has to do next, the most urgent first."""
    items = []
    if not Organisation.current().is_configured:
        items.append(
            Item(
                "setup",
                _("Set up the installation: the Party Committee's names and who signs reports"),
                reverse("organisation_setup"),
                Urgency.NOW,
            )
        )
    items.append(
        Item(
            "uncovered",
            _("communes without a cadre"),
            reverse("assignments:coverage_list", args=["uncovered"]),
            Urgency.NOW,
            uncovered_communes(today).count(),
        )
    )
    for what, deadline, count in overdue(today.year, today):
        items.append(
            Item(
                f"overdue-{what}",
                _overdue_label(what),
                f"{reverse('activity:overview')}?year={today.year}",
                Urgency.NOW,
                count,
                note=deadline_note(deadline, today),
            )
        )
    for year, count in awaiting_acceptance().items():
        items.append(
            Item(
                f"accept-{year}",
                _("forms waiting for acceptance, round %(year)s") % {"year": year},
                f"{reverse('evaluations:round', args=[year])}?status=submitted",
                Urgency.SOON,
                count,
            )
        )
    for evaluation_round, count in owing_per_round(today):
        year = evaluation_round.year
        items.append(
            Item(
                f"owing-{year}",
                _("communes that have not sent all their forms, round %(year)s") % {"year": year},
                reverse("evaluations:missing", args=[year]),
                urgency_of(evaluation_round.deadline, today),
                count,
                note=deadline_note(evaluation_round.deadline, today),
            )
        )
    items.append(
        Item(
            "retiring",
            ngettext(
                "cadres reaching retirement age within %(n)d month",
                "cadres reaching retirement age within %(n)d months",
                RETIRING_MONTHS,
            )
            % {"n": RETIRING_MONTHS},
            f"{reverse('assignments:coverage_list', args=['retiring'])}?months={RETIRING_MONTHS}",
            Urgency.LATER,
            len(retiring_cadres(today, RETIRING_MONTHS)),
        )
    )
    items.append(
        Item(
            "imports",
            _("workbooks uploaded and previewed, not yet confirmed"),
            reverse("registry:import_start"),
            Urgency.LATER,
            ImportUpload.objects.unconfirmed().filter(uploaded_by=user).count(),
        )
    )
    return todo_list(items)


def _count_reports(jobs):
    """One per report (year, kind, cadre): the same summary built three times is one report
    to read, in its latest file."""
    return jobs.order_by().values("year", "kind", "cadre_id").distinct().count()


def _latest_round():
    """The round the leaders' page opens on: the latest one opened."""
    return EvaluationRound.objects.filter(opened_at__isnull=False).order_by("-year").first()


def leader_todo(user, today, previous_login):
    """The leaders' headline ratios, each with its numerator and denominator, and the reports:
    the new ones (finished since `previous_login`; all of them when None) first."""
    reports = ReportJob.objects.visible_to(user).filter(status=ReportJob.Status.DONE)
    new = reports if previous_login is None else reports.filter(finished_at__gt=previous_login)
    items = [
        Item(
            "reports-new",
            _("reports built since your last login"),
            reverse("reports:home"),
            Urgency.SOON,
            _count_reports(new),
        )
    ]
    evaluation_round = _latest_round()
    if evaluation_round is not None:
        year = evaluation_round.year
        done = completeness(evaluation_round)
        round_url = reverse("evaluations:round", args=[year])
        items += [
            Item(
                "ratio-submitted",
                _("forms received / forms expected, round %(year)s") % {"year": year},
                round_url,
                Urgency.READ,
                ratio=done.submitted,
            ),
            Item(
                "ratio-accepted",
                _("forms accepted / forms expected, round %(year)s") % {"year": year},
                round_url,
                Urgency.READ,
                ratio=done.accepted,
            ),
        ]
    items.append(
        Item(
            "ratio-covered",
            _("communes with a cadre / communes in force today"),
            reverse("assignments:dashboard"),
            Urgency.READ,
            ratio=communes_covered(today),
        )
    )
    if evaluation_round is not None:
        items.append(
            Item(
                "ratio-commended",
                _("cadres proposed for commendation / cadres evaluated, %(year)s")
                % {"year": evaluation_round.year},
                reverse("reports:results", args=[evaluation_round.year]),
                Urgency.READ,
                ratio=commendation(evaluation_round.year),
            )
        )
    items.append(
        Item(
            "reports-ready",
            _("reports ready to download"),
            reverse("reports:home"),
            Urgency.READ,
            _count_reports(reports),
        )
    )
    return todo_list(items)
