"""The cadre's year (Quy định 26-QĐ/TU, Kết luận 1016-KL/TU): a monitoring plan on time, visits
and meetings at the commune, periodic reports on time, proposals to the Standing Board."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.formats import ddmmyyyy
from core.uploads import document_type, stored_name


class CadreRecordQuerySet(models.QuerySet):
    """A cadre's own records: plans, reports, visits, proposals."""

    def visible_to(self, user):
        """The rows `user` may see: staff and leaders (the model's view permission) all; a cadre
        their own (DECISIONS: Roles). Pages and downloads fetch through this, and answer 404
        for anything else."""
        return self.in_scope(*self.scope_of(user))

    def scope_of(self, user):
        """Which rows `user` may see, as (kind, id): ("all", 0), ("cadre", their id) or
        ("none", 0). `in_scope` turns it into the rows; a query compiled once per kind
        (core.prepared) takes the id as its parameter."""
        options = self.model._meta
        if user.has_perm(f"{options.app_label}.view_{options.model_name}"):
            return "all", 0
        if getattr(user, "role", None) == Role.CADRE and user.cadre_id:
            return "cadre", user.cadre_id
        return "none", 0

    def in_scope(self, kind, owner):
        if kind == "all":
            return self
        if kind == "cadre":
            return self.filter(cadre_id=owner)
        return self.none()


class VisitQuerySet(CadreRecordQuerySet):
    """As any cadre record, and a commune account the visits at its commune, which it
    confirms or disputes."""

    def scope_of(self, user):
        if getattr(user, "role", None) == Role.COMMUNE and user.commune_id:
            return "commune", user.commune_id
        return super().scope_of(user)

    def in_scope(self, kind, owner):
        if kind == "commune":
            return self.filter(commune_id=owner)
        return super().in_scope(kind, owner)

    def to_confirm(self):
        """Visits a provincial cadre logged that the commune has not confirmed or disputed yet
        (a member's cell meeting, logged by the commune itself, is confirmed as it is entered)."""
        return self.filter(cadre__isnull=False, status=Visit.Status.PENDING)


class ActivityYear(models.Model):
    """Deadlines and minimums of a year, set by staff."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    plan_deadline = models.DateField(_("monitoring plan due"))
    half_year_deadline = models.DateField(_("6-month report due"))
    annual_deadline = models.DateField(_("annual report due"))
    min_visits = models.PositiveSmallIntegerField(_("minimum visits in the year"), default=4)
    min_meetings = models.PositiveSmallIntegerField(
        _("minimum Party meetings attended in the year"),
        default=2,
        help_text=_(
            "Party committee meetings, cell meetings and conferences (Lạng Sơn: "
            "≥1 for provincial committee members)."
        ),
    )
    # Lạng Sơn, Quy định 1764-QĐ/TU: Party cell meetings attended a year, per level of who
    # follows (1 for the province's, 4 for a commune's; the district level is gone since 2025).
    min_cell_meetings_province = models.PositiveSmallIntegerField(
        _("minimum Party cell meetings a year, provincial cadres"), default=1
    )
    min_cell_meetings_commune = models.PositiveSmallIntegerField(
        _("minimum Party cell meetings a year, commune members"), default=4
    )

    class Meta:
        verbose_name = _("activity year")
        verbose_name_plural = _("activity years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def deadlines(self):
        """{what: deadline}: the monitoring plan ("plan") and each period's report (Report.Period
        values), the keys DeadlineReminder.what records."""
        return {
            "plan": self.plan_deadline,
            Report.Period.HALF_YEAR: self.half_year_deadline,
            Report.Period.ANNUAL: self.annual_deadline,
        }


def _submission_path(instance, filename):
    # The server names the file; the sender's name is kept in `file_name` for display only.
    return stored_name(f"activity/{instance.year}", filename)


class Submission(models.Model):
    """What a plan and a report share: text and/or a file, when, by whom, on whose behalf."""

    cadre = models.ForeignKey("assignments.Cadre", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("content"), blank=True)
    file = models.FileField(
        _("attached file (PDF, DOCX, image)"), upload_to=_submission_path, blank=True
    )
    file_name = models.CharField(_("file name as sent"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(_("entered by staff on the cadre's behalf"), default=False)

    objects = CadreRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def download_name(self):
        return self.file_name or self.file.name.rsplit("/", 1)[-1]

    @property
    def content_type(self):
        """The type the stored name's extension stands for (checked against the content on
        upload); anything else downloads as plain bytes."""
        kind = document_type(self.file.name)
        return kind.content_type if kind else "application/octet-stream"


class Plan(Submission):
    class Meta:
        verbose_name = _("monitoring plan")
        verbose_name_plural = _("monitoring plans")
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_plan_a_year")]

    def __str__(self):
        return f"{self.cadre} {self.year}"


class Report(Submission):
    class Period(models.TextChoices):
        HALF_YEAR = "half", _("6-month report")
        ANNUAL = "annual", _("annual report")

    period = models.CharField(_("period"), max_length=6, choices=Period.choices)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year", "period"], name="one_report_a_period")
        ]

    def __str__(self):
        return f"{self.cadre} {self.year} {self.period}"


class Visit(models.Model):
    """Lượt về cơ sở: one visit or meeting at the commune, which its Party committee confirms.

    Who came is a provincial cadre, or (a Party cell meeting logged by the commune account) one
    of the commune's own members: exactly one of the two. A cell meeting names its cell."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee meeting")
        CELL = "cell", _("Party cell meeting")
        CONFERENCE = "conference", _("conference")
        WORKING = "working", _("working session")
        SURVEY = "survey", _("field survey")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the commune")
        CONFIRMED = "confirmed", _("confirmed by the commune")
        DISPUTED = "disputed", _("disputed by the commune")

    MEETINGS = (Kind.COMMITTEE, Kind.CELL, Kind.CONFERENCE)

    cadre = models.ForeignKey(
        "assignments.Cadre",
        on_delete=models.CASCADE,
        related_name="visits",
        null=True,
        blank=True,
    )
    member = models.ForeignKey(
        "hamlets.CommuneMember",
        on_delete=models.CASCADE,
        related_name="visits",
        null=True,
        blank=True,
        verbose_name=_("commune member"),
    )
    commune = models.ForeignKey(
        "assignments.Commune",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("commune"),
    )
    cell = models.ForeignKey(
        "hamlets.PartyCell",
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("Party cell"),
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    content = models.TextField(_("content"))
    problems = models.TextField(_("problems found"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    commune_note = models.CharField(_("the commune's note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadre__isnull=False, member__isnull=True)
                | Q(cadre__isnull=True, member__isnull=False),
                name="visit_by_cadre_or_member",
            ),
        ]
        indexes = [models.Index(fields=["cell", "day"], name="visit_cell_day_idx")]

    def __str__(self):
        return f"{self.cadre or self.member} @ {self.commune} {ddmmyyyy(self.day)}"

    @property
    def is_meeting(self):
        return self.kind in self.MEETINGS


class Proposal(models.Model):
    """Kiến nghị, đề xuất: a problem the cadre raises with the Standing Board, and its answer."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        FORWARDED = "forwarded", _("forwarded to the agency in charge")
        RESOLVED = "resolved", _("resolved")

    cadre = models.ForeignKey(
        "assignments.Cadre", on_delete=models.CASCADE, related_name="proposals"
    )
    commune = models.ForeignKey(
        "assignments.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CadreRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        permissions = [("act_as_cadre", _("Can record their own monitoring activity"))]

    def __str__(self):
        return self.subject


class DeadlineReminder(models.Model):
    """A reminder of a plan or report deadline sent to a cadre: once per stage."""

    # The stages: days before the deadline.
    DAYS_BEFORE = (7, 2)

    cadre = models.ForeignKey("assignments.Cadre", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    what = models.CharField(max_length=10)
    days_before = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "what", "days_before"],
                name="one_deadline_reminder_per_stage",
            )
        ]

    def __str__(self):
        return f"{self.cadre} {self.year} {self.what} -{self.days_before}"


class WorkingGroup(models.Model):
    """Tổ công tác: a group led by a standing member, with members, following one or more
    (difficult) communes for a period, by the Standing Board's decision. Shown beside coverage;
    it does not count as a commune's cadre."""

    name = models.CharField(_("working group"), max_length=200)
    leader = models.ForeignKey(
        "assignments.Cadre",
        on_delete=models.PROTECT,
        related_name="groups_led",
        verbose_name=_("group leader"),
    )
    members = models.ManyToManyField(
        "assignments.Cadre", related_name="working_groups", blank=True, verbose_name=_("members")
    )
    communes = models.ManyToManyField(
        "assignments.Commune", related_name="working_groups", verbose_name=_("communes followed")
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="working_group_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day):
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class GroupVisit(models.Model):
    """A working group's own visit to one of its communes."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="visits", verbose_name=_("group")
    )
    commune = models.ForeignKey(
        "assignments.Commune",
        on_delete=models.PROTECT,
        related_name="group_visits",
        verbose_name=_("commune"),
    )
    day = models.DateField(_("date"))
    content = models.TextField(_("content"))
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group visit")
        verbose_name_plural = _("working group visits")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.group} @ {self.commune} {ddmmyyyy(self.day)}"
