from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """The provincial Party Committee this installation serves, as printed on its documents.

    One row (DECISIONS.md: one installation, one Tỉnh ủy); staff edit it, code never hard-codes it.
    """

    party_committee = models.CharField(
        _("Party Committee (as printed)"), max_length=200, default="TỈNH ỦY PHÚ THỌ"
    )
    department = models.CharField(
        _("department (as printed)"), max_length=200, default="BAN TỔ CHỨC"
    )
    place_name = models.CharField(
        _("place name for the date line"), max_length=100, default="Phú Thọ"
    )
    document_suffix = models.CharField(
        _("document number suffix"), max_length=50, default="BC/BTCTU"
    )
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, default="TRƯỞNG BAN")
    signer_on_behalf = models.CharField(
        _("signing on behalf (T/M, K/T)"), max_length=200, blank=True
    )
    report_recipients = models.TextField(
        _("recipients of reports (Nơi nhận)"),
        default="- Thường trực Tỉnh ủy (b/c),\n- Ban Thường vụ Tỉnh ủy (b/c),\n"
        "- Các cơ quan, đơn vị cấp tỉnh,\n- Lưu VT, BTCTU.",
    )
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


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: proof that broker and worker work."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {self.seen_at:%H:%M:%S %d/%m/%Y}"


def _upload_path(instance, filename):
    return f"imports/{timezone.now():%Y/%m}/{instance.kind}-{timezone.now():%d%H%M%S%f}.xlsx"


class ImportUpload(models.Model):
    """A workbook between its preview and its confirmation. Confirming reads it again, so what
    is written is checked against the data of that moment, not of the preview."""

    kind = models.CharField(_("kind"), max_length=30)
    file = models.FileField(upload_to=_upload_path)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    options = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded workbook")
        verbose_name_plural = _("uploaded workbooks")

    def __str__(self):
        return self.original_name
