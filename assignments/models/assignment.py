"""Phân công theo dõi: which cadre follows which commune, from when to when, by which decision.

Rules held by the database (migration 0005), so no code path can bypass them:
- a commune has at most one assignment in force on any date;
- a cadre has at most one ordinary assignment in force on any date; a second commune at the
  same time is possible only as a recorded exception, with its reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import text
from core.formats import ddmmyyyy

from .divisions import Commune
from .registry import Cadre


def active_on_condition(day, through=""):
    """The condition "in force on `day`" (both ends inclusive; no end date: still running) for
    assignments reached `through` a relation ("assignments__" from a cadre), so that counts
    across relations say what `active_on` and `Assignment.is_active_on` say."""
    return Q(**{f"{through}start_date__lte": day}) & (
        Q(**{f"{through}end_date__isnull": True}) | Q(**{f"{through}end_date__gte": day})
    )


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day):
        """Assignments in force on `day`; one row's answer is `is_active_on(day)`."""
        return self.filter(active_on_condition(day))

    def overlapping(self, start, end):
        """Assignments in force on some day of [start, end] (end None: open)."""
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        return qs.filter(start_date__lte=end) if end else qs

    def in_year(self, year):
        return self.overlapping(date(year, 1, 1), date(year, 12, 31))


class FollowingPeriod:
    """What an assignment of someone to follow a unit says at either level (a cadre a commune,
    a commune member a hamlet): the period, its date order, and who else follows meanwhile.
    A model using it names its two sides in FOLLOWED and FOLLOWER and has start_date, end_date,
    decision_date and exception_reason, and a manager with `overlapping`."""

    FOLLOWED = FOLLOWER = ""

    @property
    def is_exception(self):
        return bool(self.exception_reason)

    def is_active_on(self, day=None):
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def check_period(self):
        """It starts on or after its decision, and ends on or after its start."""
        if self.decision_date and self.start_date < self.decision_date:
            raise ValidationError(
                {"start_date": _("An assignment cannot start before its decision.")}
            )
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _("The end date is before the start of the assignment (%(start)s).")
                    % {"start": ddmmyyyy(self.start_date)}
                }
            )

    def meanwhile(self):
        """(whoever else follows the same unit during this period, the follower's ordinary
        assignment during it), each None when there is none, both with their two sides loaded.
        A reason given where the follower follows nothing else meanwhile is dropped: there is
        nothing to except."""
        during = (
            type(self)
            .objects.overlapping(self.start_date, self.end_date)
            .exclude(pk=self.pk)
            .select_related(self.FOLLOWED, self.FOLLOWER)
        )
        holder = during.filter(**{self.FOLLOWED: getattr(self, f"{self.FOLLOWED}_id")}).first()
        other = during.filter(
            **{self.FOLLOWER: getattr(self, f"{self.FOLLOWER}_id")}, exception_reason=""
        ).first()
        self.exception_reason = text.clean(self.exception_reason) if other else ""
        return holder, other


class Assignment(FollowingPeriod, models.Model):
    FOLLOWED, FOLLOWER = "commune", "cadre"

    class EndReason(models.TextChoices):
        RETIRED = "retired", _("retirement")
        TRANSFERRED = "transferred", _("transfer")
        REASSIGNED = "reassigned", _("change of assignment")
        OTHER = "other", _("other")

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cadre")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("commune")
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    exception_reason = models.CharField(
        _("reason for the exception"),
        max_length=500,
        blank=True,
        help_text=_("Filled only when the cadre already follows another commune at the time."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=["created_at"], verbose_name=_("assignment history")
    )
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="assignment_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "start_date"], name="assignment_commune_idx"),
            models.Index(fields=["cadre", "start_date"], name="assignment_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.commune}"

    def clean(self):
        """The rules of one assignment, for the form, the annex import and every service alike.

        Date order: it starts on or after its decision, and ends on or after its start. On its
        start date the commune is in force (the map it belongs to). Kết luận 1016-KL/TU: nobody
        else follows the commune meanwhile, and a cadre follows one commune; a second one at the
        same time only as an exception, with its reason. The database holds those two as well
        (migration 0005); here they are said in words, naming who follows. A reason given where
        the cadre follows no other commune at the time is dropped: there is nothing to except.
        """
        if self.cadre_id is not None and self.cadre.commune_id is not None:
            # Kết luận 1016-KL/TU: provincial agencies' leaders follow communes; a commune's own
            # cadre is in the registry for breakthrough tasks only.
            raise ValidationError(
                {
                    "cadre": _(
                        "%(cadre)s is a cadre of %(unit)s, not of a provincial agency: only "
                        "agency leaders follow a commune."
                    )
                    % {"cadre": self.cadre.full_name, "unit": self.cadre.unit_name}
                }
            )
        if self.start_date is None or self.commune_id is None or self.cadre_id is None:
            return  # a missing field is clean_fields' message
        self.check_period()
        if not self.commune.is_valid_on(self.start_date):
            raise ValidationError(
                {
                    "commune": _("«%(commune)s» is not in force on %(date)s (administrative map).")
                    % {"commune": self.commune.name, "date": ddmmyyyy(self.start_date)}
                }
            )
        holder, other = self.meanwhile()
        if holder:
            raise ValidationError({"commune": holder.held_message()})
        if other and not self.exception_reason:
            raise ValidationError(
                {
                    "exception_reason": _(
                        "%(cadre)s already follows «%(commune)s». One leader follows one "
                        "commune: end that assignment first, or give the reason for a temporary "
                        "exception."
                    )
                    % {"cadre": other.cadre.full_name, "commune": other.commune.name}
                }
            )

    def held_message(self):
        """Who follows this commune, from when: why another cadre cannot follow it too."""
        return _("«%(commune)s» is already followed by %(cadre)s (%(agency)s) from %(start)s.") % {
            "commune": self.commune.name,
            "cadre": self.cadre.full_name,
            "agency": self.cadre.unit_name,
            "start": ddmmyyyy(self.start_date),
        }

    def period_in_year(self, year):
        """(first, last) day of `year` this assignment covers; first > last if none."""
        first = max(self.start_date, date(year, 1, 1))
        last = min(self.end_date or date(year, 12, 31), date(year, 12, 31))
        return first, last

    def days_in_year(self, year):
        """How many days of `year` this assignment covers (DECISIONS: 181 = "6 months")."""
        first, last = self.period_in_year(year)
        return max(0, (last - first).days + 1)
