from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .access import access_of, new_stamp
from .roles import Role


class User(AbstractUser):
    """An account. A commune account is tied to exactly one commune (its Party committee)."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "assignments.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("commune"),
    )
    cadre = models.OneToOneField(
        "assignments.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("cadre"),
    )
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    # Replaced whenever the groups or permissions behind the role change (accounts.access).
    access_stamp = models.CharField(max_length=32, default=new_stamp, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("manage_commune_accounts", _("Can create and reset commune accounts"))]
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=Q(commune__isnull=False),
                name="one_account_per_commune",
            ),
        ]

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @cached_property
    def role(self):
        """The user's role: superuser first, then the first group that is a role."""
        if self.is_superuser:
            return "superuser"
        names, _permissions = access_of(self)
        for role in Role:
            if role.value in names:
                return role.value
        return None

    @cached_property
    def _perm_cache(self):
        """Django's ModelBackend keeps a user's permissions here once worked out; filled from
        accounts.access, it is worked out once per change of groups, not once per request."""
        _names, permissions = access_of(self)
        return set(permissions)

    @property
    def role_label(self):
        if self.role == "superuser":
            return _("System administrator")
        return Role(self.role).label if self.role else ""

    def mark_password_changed(self):
        if self.must_change_password:
            self.must_change_password = False
            self.save(update_fields=["must_change_password"])
