"""Administrative divisions of both maps: provinces, districts (before 1/7/2025 only), communes."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import text

# The last day of the map with districts and the first without (Nghị quyết 202/2025/QH15).
OLD_MAP_LAST_DAY = date(2025, 6, 30)
NEW_MAP_FIRST_DAY = date(2025, 7, 1)


def year_has_districts(year):
    """Breakdowns by district exist for years up to 2024; 2025 and later group by commune and
    agency only (DECISIONS: the 2025 map change)."""
    return year < NEW_MAP_FIRST_DAY.year


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Rows in force on `day` (bounds inclusive, an empty bound is open)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def valid_in_year(self, year):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)),
        )


class NamedModel(models.Model):
    """A row with a display name kept in NFC and a folded copy for diacritic-blind search."""

    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Keeping the derived search column in step is storage, not a business rule.
        self.name = text.clean(self.name)
        self.search_name = text.fold(self.name)
        super().save(*args, **kwargs)


class Province(NamedModel):
    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("province")
        CITY = "thanh_pho", _("centrally-run city")

    code = models.CharField(_("code"), max_length=10, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PROVINCE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                condition=~Q(code=""),
                name="province_code_unique_per_map",
            ),
        ]

    @property
    def has_districts(self):
        return self.valid_to is not None and self.valid_to <= OLD_MAP_LAST_DAY


class District(NamedModel):
    """Huyện, quận, thị xã, thành phố thuộc tỉnh: only the map before 1/7/2025 has them."""

    class Kind(models.TextChoices):
        RURAL = "huyen", _("rural district")
        URBAN = "quan", _("urban district")
        TOWN = "thi_xa", _("district-level town")
        CITY = "thanh_pho", _("provincial city")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=10, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.RURAL)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "search_name"], name="district_unique_name"
            ),
        ]


class CommuneQuerySet(ValidityQuerySet):
    def search(self, query):
        folded = text.fold(query)
        if not folded:
            return self
        return self.filter(Q(search_name__contains=folded) | Q(code=query.strip()))


class Commune(NamedModel):
    """Xã, phường, thị trấn, đặc khu: the unit whose Party committee evaluates its cadre.

    Its official code is unique among the communes in force on any one date (enforced in the
    database, see migration 0002), not for all time: most 2025 codes belonged to other communes
    before the reform.
    """

    class Kind(models.TextChoices):
        COMMUNE = "xa", pgettext_lazy("commune type", "commune")
        WARD = "phuong", _("ward")
        TOWNSHIP = "thi_tran", _("township")
        SPECIAL_ZONE = "dac_khu", _("special zone")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    code = models.CharField(_("commune code"), max_length=10)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    formed_from = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="succeeded_by",
        verbose_name=_("formed from (for display only)"),
    )
    secretary_name = models.CharField(_("Party secretary"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["code"], name="commune_code_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="commune_validity_ordered",
            ),
        ]

    @property
    def full_name(self):
        parts = [self.name]
        if self.district_id:
            parts.append(self.district.name)
        return ", ".join(parts)
