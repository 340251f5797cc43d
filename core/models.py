from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import ddmmyyyy_hhmm


class Organisation(models.Model):
    """The provincial Party Committee this installation serves, as printed on its documents.

    One row (DECISIONS.md: one installation, one Tỉnh ủy); staff edit it, code never hard-codes it.
    """

    party_committee = models.CharField(
        _("Party Committee (as printed)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. TỈNH ỦY PHÚ THỌ, THÀNH ỦY HÀ NỘI"),
    )
    department = models.CharField(
        _("department (as printed)"), max_length=200, default="BAN TỔ CHỨC"
    )
    place_name = models.CharField(
        _("place name for the date line"),
        max_length=100,
        blank=True,
        help_text=_("As in “Phú Thọ, ngày 15 tháng 12 năm 2026”."),
    )
    document_suffix = models.CharField(
        _("document number suffix"), max_length=50, default="BC/BTCTU"
    )
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, default="TRƯỞNG BAN")
    signer_on_behalf = models.CharField(
        _("signing on behalf (T/M, K/T)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. T/M BAN THƯỜNG VỤ or K/T TRƯỞNG BAN; empty when the head signs."),
    )
    report_recipients = models.TextField(
        _("recipients of reports (Nơi nhận)"),
        default="- Thường trực Tỉnh ủy (b/c),\n- Ban Thường vụ Tỉnh ủy (b/c),\n"
        "- Các cơ quan, đơn vị cấp tỉnh,\n- Lưu VT, BTCTU.",
    )
    # Set when staff save the set-up page: the built-in defaults are suggestions, not a set-up.
    configured_at = models.DateTimeField(_("set up on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return f"{self.party_committee} – {self.department}"

    @classmethod
    def current(cls):
        organisation = cls.objects.order_by("pk").first()
        return organisation or cls.objects.create()

    def letterhead(self):
        """What a printed report takes from the set-up (header, date line, signature block,
        recipients), as plain values kept with the report's figures: the file can be made
        again exactly, whatever the set-up says later."""
        return {
            "party_committee": self.party_committee,
            "department": self.department,
            "place_name": self.place_name,
            "document_suffix": self.document_suffix,
            "signer_name": self.signer_name,
            "signer_title": self.signer_title,
            "signer_on_behalf": self.signer_on_behalf,
            "recipients": self.report_recipients,
        }

    def mark_configured(self):
        self.configured_at = timezone.now()
        self.save()

    @property
    def is_configured(self):
        return self.configured_at is not None

    def report_blockers(self):
        """What a report cannot be printed without (Hướng dẫn 36-HD/VPTW: the issuing body,
        the place on the date line and the signature block), as labels to show staff."""
        required = ("party_committee", "department", "place_name", "signer_title", "signer_name")
        missing = [f for f in required if not getattr(self, f).strip()]
        return [self._meta.get_field(f).verbose_name for f in missing]


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: proof that broker and worker work."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {ddmmyyyy_hhmm(timezone.localtime(self.seen_at))}"


def _upload_path(instance, filename):
    return f"imports/{timezone.now():%Y/%m}/{instance.kind}-{timezone.now():%d%H%M%S%f}.xlsx"


class ImportUploadQuerySet(models.QuerySet):
    def unconfirmed(self):
        """Workbooks uploaded and left there: not written, not refused (as a whole, or by a
        check that found errors and deleted the file), and not superseded by a later upload of
        the same kind by the same person (who previewed again instead; the workflow deletes
        those, assignments/imports/uploads.py)."""
        later = ImportUpload.objects.filter(
            kind=models.OuterRef("kind"),
            uploaded_by=models.OuterRef("uploaded_by"),
            pk__gt=models.OuterRef("pk"),
        )
        return (
            self.filter(applied_at__isnull=True)
            .exclude(status=ImportUpload.Status.FAILED)
            .exclude(status=ImportUpload.Status.CHECKED, file="")
            .exclude(models.Exists(later))
        )


class ImportUpload(models.Model):
    """A workbook between its preview and its confirmation. Confirming reads it again, so what
    is written is checked against the data of that moment, not of the preview.

    Its file is kept only while it may still be written: a file its check refuses (damaged, too
    many rows, rows with errors and no unknown value left to map), one superseded by a newer
    upload of the same kind by the same person, and one written are deleted through the storage
    API. The row stays as the record of what was checked or written, except a superseded one,
    deleted with its file. A large workbook is checked and written by the task queue
    (`background`); `progress` and `result` say how far it got and what it found."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        APPLYING = "applying", _("being written")
        APPLIED = "applied", _("written")
        FAILED = "failed", _("refused")

    kind = models.CharField(_("kind"), max_length=30)
    file = models.FileField(upload_to=_upload_path, blank=True)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    options = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    background = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(null=True, blank=True)  # as the sheet declares them
    progress = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)  # core.imports.ImportResult.as_dict()
    error = models.TextField(blank=True)  # why the file was refused
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("uploaded workbook")
        verbose_name_plural = _("uploaded workbooks")

    def __str__(self):
        return self.original_name

    @property
    def busy(self):
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    @property
    def progress_key(self):
        return f"import-progress-{self.pk}"

    def live_progress(self):
        """How far the task has read, in percent. A check or a write runs in one transaction,
        which no other connection sees until it ends, so the task tells the cache instead."""
        from django.core.cache import cache

        return cache.get(self.progress_key, self.progress)

    def outcome(self):
        """The check's (or the failed write's) findings, as core.imports.ImportResult."""
        from .imports import ImportResult

        return ImportResult.from_dict(self.result) if self.result else None

    def delete_file(self):
        """Forget the workbook itself (through the storage API); the row stays."""
        if self.file:
            self.file.delete(save=False)
            type(self).objects.filter(pk=self.pk).update(file="")


class ImportValueMapping(models.Model):
    """What a value of a workbook's column means, as staff said in a preview (DECISIONS, Import
    vocabulary): kept for the installation and read by every later import of that kind, so
    «Khối MTTQ» mapped once is never asked again. Staff see and delete them."""

    kind = models.CharField(_("kind of list"), max_length=30)
    column = models.CharField(_("column"), max_length=50)
    folded = models.CharField(max_length=200)  # core.text.choice_key of the value
    written = models.CharField(_("written as"), max_length=200)
    value = models.CharField(_("means"), max_length=50)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mapped by"),
    )
    created_at = models.DateTimeField(_("mapped on"), auto_now_add=True)

    class Meta:
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")
        ordering = ["kind", "column", "folded"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "column", "folded"], name="import_value_mapping_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind}.{self.column}: {self.written} → {self.value}"

    @classmethod
    def remember(cls, *, kind, column, key, written, value, user=None):
        """Keep (or change) what a value means from now on."""
        mapping, _created = cls.objects.update_or_create(
            kind=kind,
            column=column,
            folded=key,
            defaults={"written": written[:200], "value": value, "created_by": user},
        )
        return mapping


class PersonalDataAccess(models.Model):
    """One reading of personal data: a cadre's evaluation form, a per-cadre sheet, a report or
    a cadre's own file (Law 91/2025/QH15 on personal data protection: who, what, when, where).

    Rows are only ever added; nobody edits or deletes them from the application."""

    class Kind(models.TextChoices):
        FORM = "form", _("evaluation form")
        REPORT = "report", _("report file")
        RESULTS = "results", _("cadres' results")
        ACTIVITY_FILE = "activity_file", _("cadre's plan or report file")
        CADRE = "cadre", _("cadre's record")
        CADRES = "cadres", _("list of cadres")
        COMMUNE = "commune", _("commune and the cadres who follow it")
        ANNEX = "annex", _("annex of assignments")
        ACTIVITY = "activity", _("cadre's activity")
        ACCESS_LOG = "access_log", _("access log")

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        PRINT = "print", _("printed")
        DOWNLOAD = "download", _("downloaded")
        EDIT = "edit", _("opened to edit")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # A detail page names its one record; a list or an export has none, but its row count.
    object_id = models.PositiveIntegerField(_("record"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    label = models.CharField(_("description"), max_length=300)
    search_label = models.CharField(max_length=300, editable=False)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    path = models.CharField(_("address requested"), max_length=300)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="access_kind_object")]

    def __str__(self):
        at = ddmmyyyy_hhmm(timezone.localtime(self.at))
        return f"{self.user} {self.action} {self.kind} {self.object_id} @ {at}"
