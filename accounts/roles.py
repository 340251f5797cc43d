"""Roles are groups; this is the one place that says what each may do (DECISIONS.md, Roles).

The groups are created by a data migration; their permissions are re-synchronised after every
migrate, so a model added later is covered without a new hand-written migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Organization Department staff")
    LEADER = "leader", _("Leader")
    COMMUNE = "commune", _("Commune Party committee")
    CADRE = "cadre", _("Monitoring cadre")


# Accounts that log in with a second factor (TOTP) besides their password.
SECOND_FACTOR_ROLES = {"staff", "leader", "superuser"}

OPERATIONAL_APPS = (
    "assignments",
    "hamlets",
    "evaluations",
    "reports",
    "activity",
    "breakthroughs",
)

# Each entry: (app label, actions) where actions are Django's default permission verbs, or a
# custom permission codename. "*" means every permission of the app.
ROLE_PERMISSIONS = {
    Role.STAFF: [(app, "*") for app in OPERATIONAL_APPS]
    + [
        ("accounts", "manage_commune_accounts"),
        ("accounts", "view_user"),
        ("core", "view_personaldataaccess"),
        ("core", "view_organisation"),
        ("core", "change_organisation"),
        # A province's signed snapshot for the centre (issue 19).
        ("rollup", "export_snapshot"),
        # A central installation's provinces, keys and imported snapshots.
        ("rollup", "*"),
    ],
    Role.LEADER: [(app, "view") for app in OPERATIONAL_APPS]
    + [
        ("reports", "request_report"),
        ("rollup", "view"),
        ("rollup", "request_central_report"),
        ("core", "view_personaldataaccess"),
        # Thường trực / Ban Thường vụ act through the leader role (DECISIONS).
        ("breakthroughs", "approve_task"),
    ],
    Role.COMMUNE: [("evaluations", "fill_form"), ("hamlets", "keep_own_commune")],
    Role.CADRE: [("activity", "act_as_cadre"), ("breakthroughs", "register_task")],
}

# What a role's "*" leaves out: staff prepare, comment and return breakthrough tasks; leaders
# approve and conclude them (DECISIONS); a cadre's registering is the cadre's own.
ROLE_EXCLUDED = {
    Role.STAFF: [("breakthroughs", "approve_task"), ("breakthroughs", "register_task")],
}


def _wanted_permissions(permission_model, role):
    wanted = permission_model.objects.none()
    for app_label, action in ROLE_PERMISSIONS[role]:
        qs = permission_model.objects.filter(content_type__app_label=app_label)
        if action == "*":
            wanted |= qs
        elif action in {"view", "add", "change", "delete"}:
            wanted |= qs.filter(codename__startswith=f"{action}_")
        else:
            wanted |= qs.filter(codename=action)
    for app_label, codename in ROLE_EXCLUDED.get(role, ()):
        wanted = wanted.exclude(content_type__app_label=app_label, codename=codename)
    return wanted


# A central installation (settings.CENTRAL, issue 19) has no communes and no cadres of its own:
# only staff and leaders (and the system administrator).
CENTRAL_ROLES = (Role.STAFF, Role.LEADER)


def installation_roles():
    """The roles this installation has: all of them, or CENTRAL_ROLES in central mode."""
    from django.conf import settings

    return CENTRAL_ROLES if settings.CENTRAL else tuple(Role)


def sync_roles(group_model, permission_model):
    """Create the installation's role groups if missing and set their permissions to exactly the
    table above. A role the installation does not have gets no group (an empty leftover one is
    removed), so it is never offered when an account is made."""
    roles = installation_roles()
    for role in roles:
        group, _created = group_model.objects.get_or_create(name=role.value)
        group.permissions.set(_wanted_permissions(permission_model, role))
    absent = [role.value for role in Role if role not in roles]
    for group in group_model.objects.filter(name__in=absent):
        group.permissions.clear()
        if not group.user_set.exists():
            group.delete()


def sync_roles_after_migrate(sender, apps=None, using="default", **kwargs):
    # post_migrate is sent once per app, and each app's permissions appear in its own turn, so
    # synchronise on every turn: the last one sees them all.
    if apps is None:  # flush sends the signal without the migration state
        from django.apps import apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:  # pragma: no cover - partial migration state
        return
    sync_roles(group_model, permission_model)
