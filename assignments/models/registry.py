"""Provincial agencies and their leaders (cadres), with the cadres' status history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import text
from core.formats import ddmmyyyy

from ..retirement import FEMALE, MALE, add_months, retirement
from .divisions import Commune, NamedModel


class Agency(NamedModel):
    """Cơ quan, đơn vị cấp tỉnh. Its number of leaders is the number of communes it should cover
    (Kết luận 1016-KL/TU: communes allocated in proportion to each agency's leaders)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "so_ban_nganh", _("department, board or sector")
        FRONT = "mat_tran_doan_the", _("Fatherland Front or mass organisation")
        CENTRAL = "nganh_doc", _("central agency in the province")

    # How workbooks write each type (DECISIONS, Import vocabulary): the first word is the one
    # exports write; the others, abbreviations included, are read as the same type whatever
    # their case, diacritics and punctuation (core.imports.Vocabulary).
    KIND_ALIASES = {
        Kind.DEPARTMENT: (
            "Sở, ban, ngành",
            "Sở, ngành",
            "Sở",
            "Ban",
            "Ngành",
            "Ban Đảng",
            "Ban của Tỉnh ủy",
            "Khối Đảng",
            "Khối chính quyền",
            "Cơ quan chuyên môn",
            "Cơ quan chuyên môn thuộc UBND tỉnh",
        ),
        Kind.FRONT: (
            "Mặt trận, đoàn thể",
            "Mặt trận và đoàn thể",
            "Mặt trận và các đoàn thể",
            "Mặt trận",
            "Mặt trận Tổ quốc",
            "Ủy ban Mặt trận Tổ quốc",
            "Ủy ban MTTQ",
            "UBMTTQ",
            "MTTQ",
            "MTTQ, đoàn thể",
            "MTTQ và đoàn thể",
            "MTTQ và các đoàn thể",
            "Mặt trận Tổ quốc và các đoàn thể",
            "Khối Mặt trận",
            "Khối MTTQ và các đoàn thể",
            "Đoàn thể",
            "Đoàn thể chính trị - xã hội",
            "Tổ chức chính trị - xã hội",
        ),
        Kind.CENTRAL: (
            "Ngành dọc Trung ương",
            "Ngành dọc",
            "Ngành dọc TW",
            "Cơ quan ngành dọc",
            "Cơ quan ngành dọc Trung ương",
            "Cơ quan Trung ương",
            "Trung ương",
            "TW",
        ),
    }

    key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    leader_quota = models.PositiveSmallIntegerField(
        _("number of leaders"), default=1, validators=[MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.key = text.name_key(self.name)
        super().save(*args, **kwargs)


class CadreQuerySet(models.QuerySet):
    def in_office(self):
        """Cadres who may follow a commune (`Cadre.IN_OFFICE`)."""
        return self.filter(status__in=Cadre.IN_OFFICE)

    def of_agencies(self):
        """Cadres of provincial agencies: the only ones who may follow a commune (a commune's
        own cadre is in the registry for breakthrough tasks)."""
        return self.filter(agency__isnull=False)


class Cadre(models.Model):
    """A person of the provincial registry: a leader of a provincial agency, who follows one
    commune, or a commune's cadre (its Party secretary, under the Standing Board's management
    since 2025), who has breakthrough tasks but follows no commune. Exactly one of `agency` and
    `commune` (Quy định 30-QĐ/TU: breakthrough tasks for cadres under the Standing Board's
    management)."""

    class Gender(models.TextChoices):
        MALE = MALE, _("male")
        FEMALE = FEMALE, _("female")

    # How workbooks write it (Agency.KIND_ALIASES says how they are read).
    GENDER_ALIASES = {Gender.MALE: ("Nam",), Gender.FEMALE: ("Nữ",)}

    class Status(models.TextChoices):
        WORKING = "working", _("in office")
        PENDING_RETIREMENT = "pending_retirement", _("awaiting retirement")
        RETIRED = "retired", _("retired")
        TRANSFERRED = "transferred", _("transferred")

    # Who may follow a commune: in office, including while awaiting retirement. Lookups across
    # a relation write `cadre__status__in=Cadre.IN_OFFICE`.
    IN_OFFICE = (Status.WORKING, Status.PENDING_RETIREMENT)
    # A date of birth outside these bounds is a typing slip (a leader of an agency is an adult).
    EARLIEST_BIRTH = date(1940, 1, 1)
    YOUNGEST_AGE_YEARS = 18

    full_name = models.CharField(_("full name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    name_key = models.CharField(max_length=200, editable=False)
    position = models.CharField(_("position"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("agency"),
        null=True,
        blank=True,
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        help_text=_("Only for a commune's cadre (its Party secretary), instead of an agency."),
    )
    standing_board = models.BooleanField(_("under the Standing Board's management"), default=False)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.WORKING
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "agency", "date_of_birth"], name="cadre_identity_unique"
            ),
            models.UniqueConstraint(
                fields=["name_key", "commune", "date_of_birth"],
                name="cadre_identity_unique_commune",
            ),
            models.CheckConstraint(
                condition=Q(agency__isnull=False, commune__isnull=True)
                | Q(agency__isnull=True, commune__isnull=False),
                name="cadre_agency_or_commune",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = text.clean(self.full_name)
        self.search_name = text.fold(self.full_name)
        self.name_key = text.name_key(self.full_name)
        super().save(*args, **kwargs)

    def clean(self):
        """What the form and the cadres' import both check, so they say it alike."""
        errors = {}
        if (self.agency_id is None) == (self.commune_id is None):
            # On "agency", so that validate_constraints does not say it a second time in the
            # database's words (a constraint on a field with an error is skipped).
            errors["agency"] = _(
                "A cadre belongs to exactly one unit: choose either an agency or a commune."
            )
        born = self.date_of_birth
        latest = add_months(timezone.localdate(), -12 * self.YOUNGEST_AGE_YEARS)  # 29/02 → 28/02
        if born and not self.EARLIEST_BIRTH <= born <= latest:
            errors["date_of_birth"] = _("This is not a plausible date of birth.")
        if errors:
            raise ValidationError(errors)

    @property
    def unit(self):
        """The cadre's agency, or the commune whose cadre they are."""
        return self.agency if self.agency_id else self.commune

    @property
    def unit_name(self):
        """The agency's name, or the commune's committee ('Đảng ủy xã Hợp Kim'): where every
        page, list and report writes where a cadre works."""
        if self.agency_id:
            return self.agency.name
        return self.commune.committee_name if self.commune_id else ""

    @property
    def of_commune(self):
        return self.commune_id is not None

    @property
    def in_office(self):
        return self.status in self.IN_OFFICE

    @property
    def retirement(self):
        return retirement(self.date_of_birth, self.gender)

    def age_on(self, day=None):
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CadreStatusChange(models.Model):
    """One line of a cadre's status history: what changed, from when, who recorded it."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("cadre")
    )
    status = models.CharField(_("status"), max_length=30, choices=Cadre.Status.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-recorded_at"]

    def __str__(self):
        return f"{self.cadre}: {self.get_status_display()} ({ddmmyyyy(self.effective_on)})"
