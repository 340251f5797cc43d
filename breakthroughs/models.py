"""Breakthrough tasks (việc đột phá, đổi mới), Tuyên Quang's Quy định 30-QĐ/TU of 20/5/2020.

A task belongs to one cadre of the registry and one year. Its life:
draft → registered (the cadre sends it) → returned (staff or a leader ask for changes, with
comments per field) → registered again … → assigned (a leader approves: "giao"). Once assigned,
its text changes only with a recorded reason and a new approval (status `changed` until then).
During the year the cadre reports progress per target; the focal point adds remarks. At year
end: the cadre's self-assessment per target, the focal point's assessment, and the Standing
Board's conclusion on the Party's four completion levels (a leader records it). A task can be
dropped or carried into the next year, with its reason. Every version is kept (TaskVersion).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from assignments.models import Cadre
from core.uploads import document_type, stored_name
from evaluations.models import Level

DEFAULT_ASSIGNING_BODY = "Ban Thường vụ Tỉnh ủy"


class Field(models.TextChoices):
    """Lĩnh vực: the fields the provincial lists and figures group tasks by."""

    PARTY_BUILDING = "party", _("Party building and the political system")
    ECONOMY = "economy", _("Economic development")
    AGRICULTURE = "agriculture", _("Agriculture and new rural areas")
    ADMINISTRATION = "administration", _("Administrative reform and digital transformation")
    CULTURE_SOCIETY = "society", _("Culture and society")
    ENVIRONMENT = "environment", _("Natural resources and environment")
    DEFENCE = "defence", _("Defence and security")
    OTHER = "other", _("Other")


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and leaders (the view permission) see every task; a cadre their own; anyone
        else nothing. Pages fetch through this and answer 404 otherwise."""
        if user.has_perm("breakthroughs.view_task"):
            return self
        if getattr(user, "role", None) == Role.CADRE and user.cadre_id:
            return self.filter(cadre_id=user.cadre_id)
        return self.none()

    def assigned(self):
        """Tasks given to their cadre (approved), including those whose change awaits a new
        approval: they were assigned and stay so."""
        return self.filter(status__in=Task.ASSIGNED_STATES)


class Task(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REGISTERED = "registered", _("registered, awaiting review")
        RETURNED = "returned", _("returned for changes")
        ASSIGNED = "assigned", _("assigned")
        CHANGED = "changed", _("changed, awaiting a new approval")
        DROPPED = "dropped", _("dropped")
        CARRIED = "carried", _("carried into the next year")

    # The cadre edits in these; staff comment, adjust and return in REGISTERED.
    EDITABLE_BY_CADRE = (Status.DRAFT, Status.RETURNED)
    ASSIGNED_STATES = (Status.ASSIGNED, Status.CHANGED)
    # What a version records and a diff compares (besides the targets).
    TEXT_FIELDS = (
        "title",
        "field",
        "rationale",
        "objectives",
        "plan",
        "start_date",
        "deadline",
        "focal_point_id",
        "decision_number",
        "decision_date",
        "assigning_body",
    )

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="breakthrough_tasks", verbose_name=_("cadre")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    assigning_body = models.CharField(
        _("assigning body"), max_length=200, default=DEFAULT_ASSIGNING_BODY
    )
    title = models.CharField(_("task"), max_length=500)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    rationale = models.TextField(_("why it is a breakthrough"))
    objectives = models.TextField(_("objectives"))
    plan = models.TextField(_("plan and solutions"))
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("completion deadline"))
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breakthrough_tasks_followed",
        verbose_name=_("focal point"),
        help_text=_("The staff member or leader who follows, urges and checks the task."),
    )
    decision_number = models.CharField(_("assigning decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("assigning decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Moves on with every save: a save based on an older version is refused (as on the forms).
    version = models.PositiveIntegerField(default=0)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Year end.
    self_assessment = models.TextField(_("the cadre's self-assessment"), blank=True)
    focal_assessment = models.TextField(_("the focal point's assessment"), blank=True)
    conclusion = models.CharField(
        _("the Standing Board's conclusion"), max_length=16, choices=Level.choices, blank=True
    )
    conclusion_note = models.TextField(_("conclusion note"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Dropped or carried into the next year.
    end_reason = models.CharField(_("reason"), max_length=500, blank=True)
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("carried from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("breakthrough task")
        verbose_name_plural = _("breakthrough tasks")
        ordering = ["-year", "cadre__search_name", "pk"]
        permissions = [
            ("approve_task", _("Can approve (assign) and conclude breakthrough tasks")),
            ("register_task", _("Can register their own breakthrough tasks")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("start_date")),
                name="task_deadline_after_start",
            ),
            # A conclusion only on a task that was assigned (DECISIONS, issue 18: bad input).
            models.CheckConstraint(
                condition=Q(conclusion="") | Q(status__in=["assigned", "changed", "carried"]),
                name="task_conclusion_only_when_assigned",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["dropped", "carried"]) | ~Q(end_reason=""),
                name="task_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="task_year_status_idx")]

    def __str__(self):
        return self.title

    @property
    def editable_by_cadre(self):
        return self.status in self.EDITABLE_BY_CADRE

    @property
    def was_assigned(self):
        return self.approved_at is not None

    @property
    def is_met(self):
        """Met: concluded "Completed duties" or better (issue 18's counting rule)."""
        return self.conclusion in (Level.EXCELLENT, Level.GOOD, Level.COMPLETED)

    def snapshot(self, targets=None):
        """What a version records: the text fields and the targets, JSON-ready."""
        data = {}
        for name in self.TEXT_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        targets = self.targets.all() if targets is None else targets
        data["targets"] = [target.snapshot() for target in targets]
        return data


class Target(models.Model):
    """Chỉ tiêu: a measure, a unit and a value, e.g. "98 kilns closed"; reached at least or at
    most its value."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    measure = models.CharField(_("measure"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("reached when"), max_length=8, choices=Direction.choices, default=Direction.AT_LEAST
    )
    self_value = models.DecimalField(
        _("value reached (the cadre)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    focal_value = models.DecimalField(
        _("value reached (the focal point)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["task_id", "position", "pk"]

    def __str__(self):
        return f"{self.measure}: {self.value} {self.unit}"

    @property
    def assessed_value(self):
        """The value the year-end count uses: the focal point's, else the cadre's own."""
        return self.focal_value if self.focal_value is not None else self.self_value

    @property
    def reached(self):
        """Whether the target is reached (None while no value is assessed)."""
        value = self.assessed_value
        if value is None:
            return None
        if self.direction == self.Direction.AT_MOST:
            return value <= self.value
        return value >= self.value

    def snapshot(self):
        return {
            "measure": self.measure,
            "unit": self.unit,
            # Written in full ("100", never "1E+2"), without trailing zeros.
            "value": f"{Decimal(self.value).normalize():f}" if self.value is not None else None,
            "direction": self.direction,
        }


class TaskVersion(models.Model):
    """One step of a task's text: who did what, the text and targets as they stood, and why (a
    change after approval needs a reason)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered")
        ADJUSTED = "adjusted", _("adjusted by the Organization Department")
        RETURNED = "returned", _("returned for changes")
        AMENDED = "amended", _("amended by the cadre")
        APPROVED = "approved", _("approved and assigned")
        CHANGED = "changed", _("changed after approval")
        CONCLUDED = "concluded", _("concluded")
        DROPPED = "dropped", _("dropped")
        CARRIED = "carried", _("carried into the next year")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    snapshot = models.JSONField()
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task version")
        verbose_name_plural = _("task versions")
        ordering = ["task_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "number"], name="one_task_version_number")
        ]

    def __str__(self):
        return f"{self.task} v{self.number}"


class TaskComment(models.Model):
    """A comment of staff or a leader on one field of a registered task (field "" is the task as
    a whole), or the focal point's remark during the year."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("comment on the registration")
        REMARK = "remark", _("the focal point's remark")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REVIEW)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    field = models.CharField(_("on"), max_length=30, blank=True)
    text = models.TextField(_("comment"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["task_id", "at", "pk"]

    def __str__(self):
        return self.text[:60]


def _progress_path(instance, filename):
    return stored_name(f"breakthroughs/{instance.task.year}", filename)


class ProgressReport(models.Model):
    """The cadre's report on the task during the year: text, the value reached so far per
    target ({target id: value}), and a file."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    day = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    values = models.JSONField(default=dict, blank=True)
    file = models.FileField(
        _("attached file (PDF, DOCX, image)"), upload_to=_progress_path, blank=True
    )
    file_name = models.CharField(_("file name as sent"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task_id", "-day", "-pk"]

    def __str__(self):
        return f"{self.task} {self.day:%d/%m/%Y}"

    @property
    def download_name(self):
        return self.file_name or self.file.name.rsplit("/", 1)[-1]

    @property
    def content_type(self):
        kind = document_type(self.file.name)
        return kind.content_type if kind else "application/octet-stream"


class BreakthroughYear(models.Model):
    """The year's deadlines, set by staff: registration, approval, year-end assessment."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    registration_deadline = models.DateField(_("registration due"))
    approval_deadline = models.DateField(_("approval due"))
    assessment_deadline = models.DateField(_("year-end assessment due"))

    class Meta:
        verbose_name = _("breakthrough task year")
        verbose_name_plural = _("breakthrough task years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class TaskReminder(models.Model):
    """A reminder of a deadline about one cadre's tasks, sent to the cadre (registration,
    assessment) or to the staff who review them (approval): once per stage, held by the
    database."""

    class What(models.TextChoices):
        REGISTRATION = "registration", _("registration")
        APPROVAL = "approval", _("approval")
        ASSESSMENT = "assessment", _("year-end assessment")

    DAYS_BEFORE = (7, 2)

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    what = models.CharField(max_length=12, choices=What.choices)
    days_before = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "what", "days_before"],
                name="one_task_reminder_per_stage",
            )
        ]

    def __str__(self):
        return f"{self.cadre} {self.year} {self.what} -{self.days_before}"
