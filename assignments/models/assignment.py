"""Phân công theo dõi: which cadre follows which commune, from when to when, by which decision.

Rules held by the database (migration 0005), so no code path can bypass them:
- a commune has at most one assignment in force on any date;
- a cadre has at most one ordinary assignment in force on any date; a second commune at the
  same time is possible only as a recorded exception, with its reason.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .divisions import Commune
from .registry import Cadre


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day):
        """Assignments in force on `day` (both ends inclusive; no end date: still running)."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def overlapping(self, start, end):
        """Assignments in force on some day of [start, end] (end None: open)."""
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        return qs.filter(start_date__lte=end) if end else qs

    def in_year(self, year):
        return self.overlapping(date(year, 1, 1), date(year, 12, 31))


class Assignment(models.Model):
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

    @property
    def is_exception(self):
        return bool(self.exception_reason)

    def is_active_on(self, day=None):
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def period_in_year(self, year):
        """(first, last) day of `year` this assignment covers; first > last if none."""
        first = max(self.start_date, date(year, 1, 1))
        last = min(self.end_date or date(year, 12, 31), date(year, 12, 31))
        return first, last

    def days_in_year(self, year):
        """How many days of `year` this assignment covers (DECISIONS: 181 = "6 months")."""
        first, last = self.period_in_year(year)
        return max(0, (last - first).days + 1)
