"""Following at the second level (Bến Tre's "xã nắm tới hộ", Lạng Sơn's Quy định 1764): since
1/7/2025 each commune's Party committee assigns its own members to its hamlets (thôn, bản, ấp,
tổ dân phố, khu phố) and their Party cells.

Rules held by the database (migration 0002), as at the provincial level:
- a hamlet has at most one assignment in force on any date;
- a member has at most one ordinary assignment in force on any date; a second hamlet at the same
  time only as a recorded exception, with its reason.
Households and self-managed groups are numbers on the hamlet, never lists of people.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import Role
from assignments.models import (
    AssignmentQuerySet,
    Commune,
    FollowingPeriod,
    InForce,
    ValidityQuerySet,
)
from core import text
from core.formats import ddmmyyyy


class CommuneOwnedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and leaders (the model's view permission) see every commune's rows; a commune
        account its own; anyone else nothing. Pages fetch through this and answer 404 else."""
        options = self.model._meta
        if user.has_perm(f"{options.app_label}.view_{options.model_name}"):
            return self
        if getattr(user, "role", None) == Role.COMMUNE and user.commune_id:
            return self.filter(**{self.model.COMMUNE_PATH: user.commune_id})
        return self.none()


class HamletQuerySet(CommuneOwnedQuerySet, ValidityQuerySet):
    pass


class PartyCell(models.Model):
    """Chi bộ: a Party cell of the commune, covering one or more of its hamlets."""

    COMMUNE_PATH = "commune_id"

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="cells", verbose_name=_("commune")
    )
    name = models.CharField(_("Party cell"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    objects = CommuneOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party cell")
        verbose_name_plural = _("Party cells")
        ordering = ["commune_id", "search_name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "search_name"], name="one_cell_per_name")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name)
        self.search_name = text.fold(self.name)
        super().save(*args, **kwargs)


class Hamlet(InForce, models.Model):
    """Thôn, bản, ấp, tổ dân phố, khu phố: a hamlet of a commune, in force for a period
    (hamlets merge too)."""

    class Kind(models.TextChoices):
        THON = "thon", _("village (thôn)")
        BAN = "ban", _("hamlet (bản)")
        AP = "ap", _("hamlet (ấp)")
        TO_DAN_PHO = "to_dan_pho", _("residential group (tổ dân phố)")
        KHU_PHO = "khu_pho", _("quarter (khu phố)")
        LANG = "lang", _("village (làng)")
        BUON = "buon", _("village (buôn)")
        PLEI = "plei", _("village (plei)")
        KHOM = "khom", _("quarter (khóm)")
        OTHER = "other", _("other")

    COMMUNE_PATH = "commune_id"

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="hamlets", verbose_name=_("commune")
    )
    code = models.CharField(_("hamlet code"), max_length=20, blank=True)
    name = models.CharField(_("hamlet"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.THON)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    self_managed_groups = models.PositiveIntegerField(
        _("self-managed groups"), null=True, blank=True
    )
    cell = models.ForeignKey(
        PartyCell,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hamlets",
        verbose_name=_("Party cell"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = HamletQuerySet.as_manager()

    class Meta:
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")
        ordering = ["commune_id", "search_name"]
        permissions = [
            (
                "keep_own_commune",
                _("Can keep its own commune's hamlets, cells, members and their assignments"),
            )
        ]
        constraints = [
            # Among the hamlets still in force, a code names one hamlet of the commune, and so
            # does a name (the import's keys).
            models.UniqueConstraint(
                fields=["commune", "code"],
                condition=Q(valid_to__isnull=True) & ~Q(code=""),
                name="hamlet_code_unique_in_commune",
            ),
            models.UniqueConstraint(
                fields=["commune", "search_name"],
                condition=Q(valid_to__isnull=True),
                name="hamlet_name_unique_in_commune",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="hamlet_valid_to_after_from",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name)
        self.search_name = text.fold(self.name)
        self.code = text.clean(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        if self.cell_id and self.commune_id and self.cell.commune_id != self.commune_id:
            raise ValidationError({"cell": _("This Party cell belongs to another commune.")})


class MemberQuerySet(CommuneOwnedQuerySet):
    def serving_on(self, day):
        """Members still with the commune committee on `day`."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gte=day))


class CommuneMember(models.Model):
    """A person of the commune committee (cấp ủy viên) or the commune's cadres (cán bộ xã): a
    person, not an account. The commune account keeps them."""

    class Position(models.TextChoices):
        SECRETARY = "secretary", _("Party secretary")
        DEPUTY_SECRETARY = "deputy", _("deputy Party secretary")
        STANDING = "standing", _("standing committee member")
        COMMITTEE = "committee", _("Party committee member")
        OFFICER = "officer", _("commune cadre")

    COMMUNE_PATH = "commune_id"

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="members", verbose_name=_("commune")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(
        _("position"), max_length=12, choices=Position.choices, default=Position.COMMITTEE
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("As written in the committee's decision, e.g. Chủ tịch UBND xã."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune member")
        verbose_name_plural = _("commune members")
        ordering = ["commune_id", "search_name"]
        indexes = [models.Index(fields=["commune", "search_name"], name="member_commune_name_idx")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = text.clean(self.full_name)
        self.search_name = text.fold(self.full_name)
        super().save(*args, **kwargs)

    def left_before(self, day):
        """Whether the member had left the committee by `day` (the day they left they still
        serve: `MemberQuerySet.serving_on` says the same)."""
        return self.left_on is not None and self.left_on < day

    @property
    def has_left(self):
        return self.left_before(timezone.localdate())


class HamletAssignmentQuerySet(AssignmentQuerySet):
    """The provincial assignments' periods (active_on, overlapping), and who may see them."""

    def visible_to(self, user):
        if user.has_perm("hamlets.view_hamletassignment"):
            return self
        if getattr(user, "role", None) == Role.COMMUNE and user.commune_id:
            return self.filter(hamlet__commune_id=user.commune_id)
        return self.none()


class HamletAssignment(FollowingPeriod, models.Model):
    """A commune member follows a hamlet, by the commune committee's decision."""

    FOLLOWED, FOLLOWER = "hamlet", "member"

    class EndReason(models.TextChoices):
        LEFT = "left", _("left the committee")
        REASSIGNED = "reassigned", _("change of assignment")
        MERGED = "merged", _("hamlet merged")
        OTHER = "other", _("other")

    COMMUNE_PATH = "hamlet__commune_id"

    member = models.ForeignKey(
        CommuneMember,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("commune member"),
    )
    hamlet = models.ForeignKey(
        Hamlet, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("hamlet")
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    exception_reason = models.CharField(
        _("reason for the exception"),
        max_length=500,
        blank=True,
        help_text=_("Filled only when the member already follows another hamlet at the time."),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=["created_at"], verbose_name=_("hamlet assignment history")
    )
    objects = HamletAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("hamlet assignment")
        verbose_name_plural = _("hamlet assignments")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="hamlet_assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="hamlet_assignment_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["hamlet", "start_date"], name="hamlet_assignment_hamlet_idx"),
            models.Index(fields=["member", "start_date"], name="hamlet_assignment_member_idx"),
        ]

    def __str__(self):
        return f"{self.member} → {self.hamlet}"

    def clean(self):
        """The provincial level's rules, one level down: dates in order; member and hamlet of
        the same commune; the hamlet in force on the start date; nobody else follows the hamlet
        meanwhile; a member follows one hamlet, a second one only as an exception with its
        reason. The database holds the two overlap rules too (migration 0002)."""
        if self.start_date is None or self.hamlet_id is None or self.member_id is None:
            return
        if self.member.commune_id != self.hamlet.commune_id:
            raise ValidationError({"member": _("This member belongs to another commune.")})
        self.check_period()
        if not self.hamlet.is_valid_on(self.start_date):
            raise ValidationError(
                {
                    "hamlet": _("«%(hamlet)s» is not in force on %(date)s.")
                    % {"hamlet": self.hamlet.name, "date": ddmmyyyy(self.start_date)}
                }
            )
        if self.member.left_on and self.member.left_on < self.start_date:
            raise ValidationError(
                {
                    "member": _("%(member)s left the committee on %(date)s.")
                    % {"member": self.member.full_name, "date": ddmmyyyy(self.member.left_on)}
                }
            )
        holder, other = self.meanwhile()
        if holder:
            raise ValidationError({"hamlet": holder.held_message()})
        if other and not self.exception_reason:
            raise ValidationError(
                {
                    "exception_reason": _(
                        "%(member)s already follows «%(hamlet)s». One member follows one "
                        "hamlet: end that assignment first, or give the reason for an exception."
                    )
                    % {"member": other.member.full_name, "hamlet": other.hamlet.name}
                }
            )

    def held_message(self):
        return _("«%(hamlet)s» is already followed by %(member)s from %(start)s.") % {
            "hamlet": self.hamlet.name,
            "member": self.member.full_name,
            "start": ddmmyyyy(self.start_date),
        }
