"""Administrative divisions of both maps: provinces, districts (before 1/7/2025 only), communes."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import text

# The last day of the map with districts and the first without (Nghị quyết 202/2025/QH15).
OLD_MAP_LAST_DAY = date(2025, 6, 30)
NEW_MAP_FIRST_DAY = date(2025, 7, 1)


def day_has_districts(day):
    """Whether `day` falls on the map with districts (until 30/6/2025)."""
    return day <= OLD_MAP_LAST_DAY


def map_label(day):
    """The name pages give the map in force on `day` (Nghị quyết 202/2025/QH15)."""
    if day_has_districts(day):
        return _("Map before 1/7/2025 (with districts)")
    return _("Administrative map from 1/7/2025 (no districts)")


def year_map_day(year):
    """The day whose map a year's lists and dashboards open on: its last day, so a round or
    an activity year of 2024 shows the communes before 1/7/2025, and 2025 the current ones."""
    return date(year, 12, 31)


def year_has_districts(year):
    """Breakdowns by district exist for years up to 2024; 2025 and later group by commune and
    agency only (DECISIONS: the 2025 map change)."""
    return year < NEW_MAP_FIRST_DAY.year


def _official_code(value, digits):
    """An official code as stored: ASCII digits only, spaces dropped, padded with leading zeros
    to its official length (a number typed into Excel loses them: 4792 is commune 04792)."""
    raw = text.clean(value).replace(" ", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:  # not "²" nor "٠٤٧٩٢"
        raise ValidationError(_("A code has digits only."), code="invalid_code")
    return raw.zfill(digits)


def periods_overlap(a_from, a_to, b_from, b_to):
    """Whether two validity periods share a day (bounds inclusive, an empty bound is open): the
    rule of the database's no-overlap constraints (migrations 0002 and 0005), in Python."""
    lo, hi = date.min, date.max
    return (a_from or lo) <= (b_to or hi) and (b_from or lo) <= (a_to or hi)


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Rows in force on `day` (bounds inclusive, an empty bound is open); one row's answer
        is `is_valid_on(day)`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def valid_in_year(self, year):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)),
        )


class InForce:
    """`is_valid_on` for a row with valid_from / valid_to: ValidityQuerySet.valid_on for the row
    in hand (bounds inclusive, an empty bound is open)."""

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
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
        return self.valid_to is not None and day_has_districts(self.valid_to)


class District(NamedModel):
    """Huyện, quận, thị xã, thành phố thuộc tỉnh: only the map before 1/7/2025 has them."""

    class Kind(models.TextChoices):
        RURAL = "huyen", _("rural district")
        URBAN = "quan", _("urban district")
        TOWN = "thi_xa", _("district-level town")
        CITY = "thanh_pho", _("provincial city")

    # How workbooks write each type (Agency.KIND_ALIASES says how they are read).
    KIND_ALIASES = {
        Kind.RURAL: ("huyện",),
        Kind.URBAN: ("quận",),
        Kind.TOWN: ("thị xã", "TX"),
        Kind.CITY: ("thành phố", "TP", "thành phố thuộc tỉnh"),
    }

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    code = models.CharField(_("code"), max_length=10, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.RURAL)

    CODE_DIGITS = 3

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "search_name"], name="district_unique_name"
            ),
        ]

    @classmethod
    def normalise_code(cls, value):
        """The district's official code as stored (three digits: "148")."""
        return _official_code(value, cls.CODE_DIGITS)


# The words that name a commune's kind, longest first; a commune's name usually begins with its
# own ("Xã Hợp Kim", "Đặc khu Cô Tô").
KIND_WORDS = ("thị trấn", "đặc khu", "phường", "xã")


def unit_name(name, kind_word):
    """'xã Hợp Kim' for "Xã Hợp Kim": the commune named inside a sentence, its kind in lower case
    and its own name with its capitals; a name without its kind gets `kind_word` in front."""
    folded = name.casefold()
    for word in KIND_WORDS:
        if folded.startswith(f"{word} "):
            return word + name[len(word) :]
    return f"{kind_word} {name}"


def committee_name(name, kind_word):
    """'Đảng ủy xã Hợp Kim', 'Đảng ủy phường Tân Hòa', 'Đảng ủy đặc khu Cô Tô': the unit's kind is
    lower case after "Đảng ủy", as a Party official writes it. A proper name, so Vietnamese in
    every language; `Commune.committee_name` for a row, this for a migration."""
    return f"Đảng ủy {unit_name(name, kind_word)}"


DIVISION_WORDS = ("thành phố", "thị xã", "huyện", "quận", "tỉnh")


def party_organisation(name, kind_word):
    """'Đảng bộ tỉnh Phú Thọ', 'Đảng bộ huyện Bình Xuyên': the Party organisation of a province or
    district, as a document's header names it above a commune's committee."""
    folded = name.casefold()
    for word in DIVISION_WORDS:
        if folded.startswith(f"{word} "):
            return f"Đảng bộ {word}{name[len(word) :]}"
    return f"Đảng bộ {kind_word} {name}"


class CommuneQuerySet(ValidityQuerySet):
    def search(self, query):
        """Communes whose name, or whose district's name, holds `query` whatever its case,
        diacritics and tone placement; or whose code starts with it or is it ("4792" finds
        04792)."""
        folded = text.fold(query)
        if not folded:
            return self
        condition = Q(search_name__contains=folded) | Q(district__search_name__contains=folded)
        digits = query.strip()
        if digits.isascii() and digits.isdigit():
            condition |= Q(code__startswith=digits) | Q(code=Commune.normalise_code(digits))
        return self.filter(condition)

    def holding_code(self, code, valid_from, valid_to):
        """Communes with this code in force on some day of [valid_from, valid_to] (an empty
        bound is open): the rule `periods_overlap` states for rows in hand."""
        rows = self.filter(code=code)
        if valid_to:
            rows = rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_to))
        if valid_from:
            rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        return rows


class Commune(InForce, NamedModel):
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

    # How workbooks write each type (Agency.KIND_ALIASES says how they are read).
    KIND_ALIASES = {
        Kind.COMMUNE: ("xã",),
        Kind.WARD: ("phường",),
        Kind.TOWNSHIP: ("thị trấn", "TT"),
        Kind.SPECIAL_ZONE: ("đặc khu",),
    }

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

    CODE_DIGITS = 5

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

    @classmethod
    def normalise_code(cls, value):
        """The commune's official code as stored (five digits: "04792", also when typed or
        read from Excel as 4792). The form, every import and the search call this."""
        return _official_code(value, cls.CODE_DIGITS)

    def clean(self):
        """What the form and the communes' import both check, so they say it alike."""
        errors = {}
        try:
            self.code = self.normalise_code(self.code)
        except ValidationError as exc:
            errors["code"] = exc.messages
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            errors["valid_to"] = _("The end of validity is before its start.")
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            errors["district"] = _("This district is not in the chosen province.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """The database keeps one commune per code on any date (migration 0002); this says so
        in words before it does. Imports check their rows against the rows they preload."""
        super().validate_constraints(exclude=exclude)
        if exclude and {"code", "valid_from", "valid_to"} & set(exclude):
            return
        holder = (
            Commune.objects.holding_code(self.code, self.valid_from, self.valid_to)
            .exclude(pk=self.pk)
            .first()
        )
        if holder:
            raise ValidationError(
                {
                    "code": _(
                        "Code %(code)s already belongs to «%(name)s» in an overlapping period."
                    )
                    % {"code": self.code, "name": holder.name}
                }
            )

    @property
    def kind_word(self):
        """'xã', 'phường', 'thị trấn', 'đặc khu': the kind as a Vietnamese text writes it."""
        return self.KIND_ALIASES.get(self.kind, ("xã",))[0]

    @property
    def unit_name(self):
        """'xã Hợp Kim': the commune inside a sentence ("Phiếu của xã Hợp Kim")."""
        return unit_name(self.name, self.kind_word)

    @property
    def committee_name(self):
        """'Đảng ủy xã Hợp Kim': the commune's Party committee, as every menu, title, document,
        e-mail and account name writes it."""
        return committee_name(self.name, self.kind_word)

    @property
    def parent_organisation(self):
        """The Party organisation above the commune's committee, first line of the header of a
        document the committee signs: the district's before 1/7/2025 ('Đảng bộ huyện Bình
        Xuyên'), the province's since ('Đảng bộ tỉnh Phú Thọ')."""
        if self.district_id:
            return party_organisation(self.district.name, "huyện")
        city = self.province.kind == Province.Kind.CITY
        return party_organisation(self.province.name, "thành phố" if city else "tỉnh")

    @property
    def full_name(self):
        parts = [self.name]
        if self.district_id:
            parts.append(self.district.name)
        return ", ".join(parts)
