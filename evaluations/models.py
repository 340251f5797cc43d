"""The year-end evaluation: a round per year, its own list of criteria, one form per
(commune, cadre) pair that the rule expects, and the review of each form.

A round's criteria belong to it: copied from the previous year, editable until the round opens,
frozen after, so old years read as they were.
"""

import functools

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from assignments.models import Cadre, Commune
from core.formats import ddmmyyyy, ddmmyyyy_hhmm
from core.prepared import Prepared

# DECISIONS: "at least 6 months of the year" means at least 181 days of the assignment fall in
# that year. A round's own `min_days` starts from it.
MIN_DAYS_IN_YEAR = 181


class EvaluationRoundQuerySet(models.QuerySet):
    def open(self):
        """Rounds open now: opened and not closed (EvaluationRound.is_open, as a query)."""
        return self.filter(opened_at__isnull=False, closed_at__isnull=True)


class EvaluationRound(models.Model):
    class LatePolicy(models.TextChoices):
        ACCEPT = "accept", _("accepted and marked late")
        CLOSED = "closed", _("closed at the deadline")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    late_policy = models.CharField(
        _("forms after the deadline"),
        max_length=10,
        choices=LatePolicy.choices,
        default=LatePolicy.ACCEPT,
    )
    min_days = models.PositiveSmallIntegerField(
        _("minimum days followed in the year"),
        default=MIN_DAYS_IN_YEAR,
        help_text=_(
            "A pair is expected when the assignment covers at least this many days of "
            "the year (181 days = 6 months)."
        ),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvaluationRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year"]
        permissions = [("fill_form", _("Can fill in the commune's evaluation forms"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="round_deadline_after_opening"
            ),
        ]

    def __str__(self):
        return _("Evaluation round %(year)s") % {"year": self.year}

    @property
    def is_open(self):
        return self.opened_at is not None and self.closed_at is None

    @property
    def criteria_frozen(self):
        return self.opened_at is not None

    @property
    def status_label(self):
        if self.closed_at:
            return _("closed")
        if self.opened_at:
            return _("open")
        return _("in preparation")

    def criteria_in_order(self):
        """The round's criteria as the form lists them: one query compiled once per process,
        asked on every page of the commune's submit flow (core.prepared, issue 16)."""
        return _CRITERIA.all(round_id=self.pk)

    def deadline_for(self, commune_id, extensions=None):
        """The commune's own deadline: the round's, unless staff extended it for that commune."""
        if extensions is None:
            extension = self.extensions.filter(commune_id=commune_id).first()
            return extension.deadline if extension else self.deadline
        return extensions.get(commune_id, self.deadline)

    def accepts_submissions(self, commune_id, today=None, extensions=None):
        today = today or timezone.localdate()
        if not self.is_open or today < self.opens_on:
            return False
        if self.late_policy == self.LatePolicy.CLOSED:
            return today <= self.deadline_for(commune_id, extensions)
        return True


class Criterion(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("criterion"), max_length=300)
    guidance = models.CharField(_("guidance"), max_length=500, blank=True)
    asks_count = models.BooleanField(_("asks for counts of visits and meetings"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="criterion_unique_position"),
        ]

    def __str__(self):
        return self.title


_CRITERIA = Prepared(
    Criterion, lambda _shape, round_id: Criterion.objects.filter(round_id=round_id), "round_id"
)


class Level(models.TextChoices):
    """The four completion levels of Party ratings."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


LEVEL_ORDER = [Level.EXCELLENT, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED]


@functools.cache
def _extension_deadline():
    """The subquery of a form's extended deadline, built once: every page of the commune's
    submit flow loads its form with it, and building it anew cost a third of a millisecond a
    request (issue 16). `annotate` copies it before resolving it, so the one built here is
    never changed."""
    extension = DeadlineExtension.objects.filter(
        round_id=models.OuterRef("round_id"), commune_id=models.OuterRef("commune_id")
    ).values("deadline")[:1]
    return models.Subquery(extension)


class EvaluationFormQuerySet(models.QuerySet):
    def expected(self):
        return self.filter(dropped_at__isnull=True)

    def received(self):
        """Forms the Organization Department has received: submitted, or already accepted."""
        return self.expected().filter(status__in=EvaluationForm.RECEIVED)

    def with_deadline(self):
        """Each form with its commune's extended deadline, if any, in the same query
        (`EvaluationForm.deadline` then costs none)."""
        return self.annotate(extended_deadline=_extension_deadline())

    def visible_to(self, user):
        """The forms `user` may open: staff and leaders all; a commune its own expected forms;
        a cadre their own received forms, and only once the round is closed (DECISIONS: a
        cadre reads their own evaluation once the round is closed)."""
        return self.in_scope(*self.scope_of(user))

    @staticmethod
    def scope_of(user):
        """Which forms `user` may open, as (kind, id): ("all", 0), ("commune", its id),
        ("cadre", their id) or ("none", 0). `in_scope` turns it into the forms; a query
        compiled once per kind (core.prepared) takes the id as its parameter."""
        if user.has_perm("evaluations.view_evaluationform"):
            return "all", 0
        role = getattr(user, "role", None)
        if role == Role.COMMUNE and user.commune_id:
            return "commune", user.commune_id
        if role == Role.CADRE and user.cadre_id:
            return "cadre", user.cadre_id
        return "none", 0

    def in_scope(self, kind, owner):
        if kind == "all":
            return self
        if kind == "commune":
            return self.expected().filter(commune_id=owner)
        if kind == "cadre":
            return self.received().filter(cadre_id=owner, round__closed_at__isnull=False)
        return self.none()


class EvaluationForm(models.Model):
    """Phiếu nhận xét: what a commune's Party committee says of the cadre who followed it."""

    class Status(models.TextChoices):
        NEW = "new", _("not started")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        ACCEPTED = "accepted", _("accepted")

    # What the commune answers besides the criteria: saved by form_save, compared on return.
    ANSWER_FIELDS = (
        "visits",
        "meetings",
        "level",
        "propose_commendation",
        "propose_replacement",
        "replacement_reason",
        "strengths",
        "shortcomings",
        "recommendations",
        "signer_name",
        "signer_title",
        "signed_on",
    )
    # Received by the Organization Department: what completeness counts and a cadre may read.
    RECEIVED = (Status.SUBMITTED, Status.ACCEPTED)
    # Not sent yet, and not returned either: what the commune still has to fill in.
    NOT_SENT = (Status.NEW, Status.DRAFT)

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="forms")
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="forms", verbose_name=_("commune")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="forms", verbose_name=_("cadre")
    )
    period_start = models.DateField(_("followed from"))
    period_end = models.DateField(_("followed until"))
    days_followed = models.PositiveSmallIntegerField(_("days followed in the year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    # The answers. Per criterion: {"<criterion id>": {"comment": "...", "count": n}}.
    answers = models.JSONField(default=dict, blank=True)
    visits = models.PositiveSmallIntegerField(_("visits to the commune"), null=True, blank=True)
    meetings = models.PositiveSmallIntegerField(_("meetings attended"), null=True, blank=True)
    level = models.CharField(
        _("completion level"), max_length=15, choices=Level.choices, blank=True
    )
    propose_commendation = models.BooleanField(
        _("proposed for commendation"), null=True, blank=True
    )
    propose_replacement = models.BooleanField(_("proposed for replacement"), null=True, blank=True)
    replacement_reason = models.TextField(_("reason for replacement"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=200, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)

    version = models.PositiveIntegerField(default=0)  # optimistic lock: two editors, no loss
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("late"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    added_reason = models.CharField(_("added by staff because"), max_length=500, blank=True)
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    dropped_reason = models.CharField(_("dropped because"), max_length=500, blank=True)

    objects = EvaluationFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        ordering = ["commune__search_name", "cadre__search_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "commune", "cadre"], name="form_unique_pair_per_round"
            ),
            models.CheckConstraint(
                condition=Q(propose_replacement=True, replacement_reason__gt="")
                | ~Q(propose_replacement=True),
                name="form_replacement_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.round.year} · {self.commune} · {self.cadre}"

    @property
    def editable_by_commune(self):
        return self.dropped_at is None and self.status in {
            self.Status.NEW,
            self.Status.DRAFT,
            self.Status.RETURNED,
        }

    @property
    def is_received(self):
        """Sent to the Organization Department (submitted or already accepted)."""
        return self.status in self.RECEIVED

    @property
    def deadline(self):
        """The commune's deadline for this form: the round's, unless staff extended it for the
        commune (read from the `with_deadline` annotation when the form was loaded with it)."""
        if hasattr(self, "extended_deadline"):
            return self.extended_deadline or self.round.deadline
        return self.round.deadline_for(self.commune_id)

    def accepts_submission(self, today=None):
        """Whether the round takes this form now (EvaluationRound.accepts_submissions, with the
        commune's own deadline)."""
        return self.round.accepts_submissions(
            self.commune_id, today, extensions={self.commune_id: self.deadline}
        )

    def answer(self, criterion_id, key, default=""):
        return (self.answers or {}).get(str(criterion_id), {}).get(key, default)

    def holds(self, data):
        """Whether the stored form already says what `data` (a save's input: the answer fields
        and "answers") says: the same save sent again, e.g. a page reloaded after saving."""
        for name in self.ANSWER_FIELDS:
            if name in data and getattr(self, name) != data[name]:
                return False
        return all(
            self.answer(pk, "comment") == answer.get("comment", "")
            for pk, answer in data.get("answers", {}).items()
        )

    def snapshot(self):
        """The answers as they stand, for the event log and the diff shown on resubmission."""
        data = {name: getattr(self, name) for name in self.ANSWER_FIELDS if name != "signed_on"}
        data["signed_on"] = self.signed_on.isoformat() if self.signed_on else None
        data["answers"] = self.answers
        return data


class FormEvent(models.Model):
    """One step of a form's life: submitted, returned (with the reviewer's comments),
    accepted, reopened. Who, when, from which address, and the answers at that moment."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        ACCEPTED = "accepted", _("accepted")
        ADDED = "added", _("added to the expected forms")
        DROPPED = "dropped", _("dropped from the expected forms")
        EDITED_BY_STAFF = "staff_edit", _("edited by staff")

    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    message = models.TextField(blank=True)
    criterion_comments = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("form event")
        verbose_name_plural = _("form events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.form_id} {self.kind} {ddmmyyyy_hhmm(timezone.localtime(self.at))}"


class LeftOutPair(models.Model):
    """A (commune, cadre) pair of the year that the rule did not expect, with the reason, so
    staff can see it and add it back with a recorded reason."""

    class Reason(models.TextChoices):
        TOO_SHORT = "too_short", _("followed fewer days than the minimum")
        CADRE_LEFT = "cadre_left", _("the cadre retired or was transferred")

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="left_out")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    days_followed = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=12, choices=Reason.choices)
    added_as = models.OneToOneField(
        EvaluationForm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pair left out")
        verbose_name_plural = _("pairs left out")
        ordering = ["commune__search_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "commune", "cadre"], name="left_out_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.commune} · {self.cadre}"


class DeadlineExtension(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="extensions")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(fields=["round", "commune"], name="one_extension_per_commune"),
        ]

    def __str__(self):
        return f"{self.commune}: {ddmmyyyy(self.deadline)}"


class ReminderStage(models.TextChoices):
    WEEK_BEFORE = "week", _("7 days before the deadline")
    TWO_DAYS = "two_days", _("2 days before the deadline")
    OVERDUE = "overdue", _("the day after the deadline")
    MANUAL = "manual", _("sent by staff")


class Reminder(models.Model):
    """A reminder sent (and shown at home) to a commune still missing forms. Reminders step up
    as the deadline nears (DECISIONS): each automatic stage reaches a commune once in a round,
    even when an extended deadline brings the stage round again; staff may remind by hand once
    a day. The database holds both rules, so a rerun or a double click sends nothing twice."""

    Stage = ReminderStage
    # Days from the day of sending to the commune's own deadline, for each automatic stage.
    AUTOMATIC = {7: Stage.WEEK_BEFORE, 2: Stage.TWO_DAYS, -1: Stage.OVERDUE}

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="reminders")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_on = models.DateField(default=timezone.localdate)
    recipients = models.CharField(max_length=500, blank=True)
    missing_forms = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "commune", "stage"],
                condition=~Q(stage=ReminderStage.MANUAL),
                name="one_automatic_reminder_per_stage",
            ),
            models.UniqueConstraint(
                fields=["round", "commune", "sent_on"],
                condition=Q(stage=ReminderStage.MANUAL),
                name="one_manual_reminder_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.commune} {self.stage}"

    @classmethod
    def automatic_stage(cls, deadline, today):
        """The automatic stage due `today` for a commune whose deadline is `deadline`, or None."""
        return cls.AUTOMATIC.get((deadline - today).days)
