"""Report jobs (a file built in the background, with the figures it printed) and the staff's
recorded overrides of a cadre's yearly result."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models import Level

from .kinds import registered


def _report_path(instance, filename):
    return f"reports/{instance.year}/{instance.kind}-{instance.token}-{filename}"


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs `user` may follow and download: staff and leaders (view permission) all;
        anyone else only the jobs they requested (DECISIONS: the task-status endpoint behind
        the progress bar checks who asks)."""
        if user.has_perm("reports.view_reportjob"):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        SUMMARY = "summary", _("annual summary (PDF)")
        WORKBOOK = "workbook", _("annual workbook (Excel)")
        CADRE = "cadre", _("per-cadre sheet (PDF)")
        # Built by rollup's builders (reports.kinds), in a central installation (issue 19).
        CENTRAL = "central", _("central report (PDF)")
        CENTRAL_XLSX = "central_xlsx", _("central workbook (Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    cadre = models.ForeignKey(
        "assignments.Cadre", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    document_number = models.CharField(_("document number"), max_length=20, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(upload_to=_report_path, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]
        constraints = [
            # A file is only ever shown as done when it exists.
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""), name="done_report_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def filename(self):
        builders = registered(self.kind)
        if builders is not None:
            return builders.filename(self)
        ext = "xlsx" if self.kind == self.Kind.WORKBOOK else "pdf"
        names = {
            self.Kind.SUMMARY: "bao-cao-tong-hop",
            self.Kind.WORKBOOK: "so-lieu",
            self.Kind.CADRE: "phieu-ca-nhan",
        }
        suffix = f"-{self.cadre_id}" if self.cadre_id else ""
        return f"{names[self.kind]}-{self.year}{suffix}.{ext}"


class ResultOverride(models.Model):
    """Staff change a cadre's computed yearly result, with the reason (DECISIONS: counting)."""

    year = models.PositiveSmallIntegerField(_("year"))
    cadre = models.ForeignKey("assignments.Cadre", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(
        _("completion level"), max_length=15, choices=Level.choices, blank=True
    )
    commendation = models.BooleanField(_("proposed for commendation"), null=True, blank=True)
    replacement = models.BooleanField(_("proposed for replacement"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result override")
        verbose_name_plural = _("result overrides")
        permissions = [("request_report", _("Can request and download reports"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "cadre"], name="one_override_per_cadre_year"),
        ]

    def __str__(self):
        return f"{self.year} {self.cadre}"
