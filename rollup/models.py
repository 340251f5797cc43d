"""Snapshots: what a province exported (SnapshotExport) and what the centre received (Snapshot),
with the provinces the centre follows and the public keys it trusts for each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The map changed on 1/7/2025 (63 provinces → 34): a year's snapshot uses the map in force at
# its end, so 2024 and before name the old provinces, 2025 on the new ones.
FIRST_YEAR_OF_CURRENT_MAP = 2025


class SnapshotExport(models.Model):
    """One export made by this (province) installation: its sequence number grows with each
    export of the same year, so the centre can tell a newer version from a replayed older one.
    The file itself is not kept: it can be made again (with a new number)."""

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    created_at = models.DateTimeField(_("exported at"))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key_id = models.CharField(_("key id"), max_length=32)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)

    class Meta:
        verbose_name = _("snapshot export")
        verbose_name_plural = _("snapshot exports")
        ordering = ["-year", "-sequence"]
        # Staff of a province export the year's signed snapshot for the centre.
        permissions = [("export_snapshot", _("Can export a signed snapshot for the centre"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="export_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.year} #{self.sequence}"


class FollowedProvince(models.Model):
    """A province the centre follows, on the map of its years: one of the 34 provinces since
    1/7/2025, or one of the 63 before (for years up to 2024)."""

    class Map(models.TextChoices):
        CURRENT = "current", _("34 provinces (from 1/7/2025)")
        OLD = "old", _("63 provinces (until 30/6/2025)")

    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("name"), max_length=100)
    map = models.CharField(_("map"), max_length=10, choices=Map.choices)
    added_at = models.DateTimeField(_("followed since"), auto_now_add=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("followed province")
        verbose_name_plural = _("followed provinces")
        ordering = ["map", "name"]
        constraints = [
            models.UniqueConstraint(fields=["map", "code"], name="followed_province_unique"),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def map_of_year(year):
        return (
            FollowedProvince.Map.CURRENT
            if year >= FIRST_YEAR_OF_CURRENT_MAP
            else FollowedProvince.Map.OLD
        )


class ProvinceKey(models.Model):
    """A public key the centre trusts for a province's snapshots. Keys are never deleted: after
    a province rotates its key, the old one still verifies what it signed."""

    province = models.ForeignKey(
        FollowedProvince, on_delete=models.CASCADE, related_name="keys", verbose_name=_("province")
    )
    key_id = models.CharField(_("key id"), max_length=32)
    public_key = models.TextField(_("public key (PEM)"))
    added_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("province key")
        verbose_name_plural = _("province keys")
        ordering = ["province", "-added_at"]
        constraints = [
            models.UniqueConstraint(fields=["province", "key_id"], name="province_key_unique"),
        ]

    def __str__(self):
        return f"{self.province} · {self.key_id}"


class Snapshot(models.Model):
    """One signed file the centre imported, kept whole: the exact payload text it verified and
    its signature, so any figure can be traced to the version it came from and checked again.
    Every version is kept; for a province and year the one with the highest sequence counts."""

    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    installation = models.CharField(_("installation"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    created_at = models.DateTimeField(_("exported at"))
    app_version = models.CharField(_("application version"), max_length=40)
    schema = models.PositiveSmallIntegerField(_("schema version"))
    key = models.ForeignKey(
        ProvinceKey, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("key")
    )
    payload = models.TextField(_("signed payload"))
    signature = models.CharField(_("signature"), max_length=200)
    counts = models.JSONField(_("counts"))
    provinces = models.ManyToManyField(
        FollowedProvince, related_name="snapshots", verbose_name=_("provinces")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-year", "-sequence", "-pk"]
        # Leaders of a central installation read everything and ask for the central report.
        permissions = [("request_central_report", _("Can request the central report"))]
        indexes = [models.Index(fields=["year", "sequence"])]

    def __str__(self):
        return f"{self.installation} {self.year} #{self.sequence}"
