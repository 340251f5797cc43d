"""A user's role and permissions, worked out once and kept in the cache, not on every request.

Each request loads the user's row anyway (the session names it). That row carries an
`access_stamp`, a random value replaced, in the same transaction, whenever what the role and the
permissions are made of changes: the user's groups or own permissions, a group's permissions or
name, a group or a permission deleted. The cache key holds the stamp, so an entry is read only
while the row still carries it; after a change no process can find the old entry again, whichever
cache it uses (Redis shared by every worker, or a worker's own memory). `is_active` and
`is_superuser` are on the row itself and are read fresh on every request.
"""

import logging
import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_save, pre_delete

logger = logging.getLogger(__name__)

TIMEOUT = 12 * 3600  # a stamp no longer used simply expires


def new_stamp():
    return uuid.uuid4().hex


def _key(user):
    return f"accounts:access:{user.pk}:{user.access_stamp}"


def compute(user):
    """(group names, permissions as "app_label.codename") from the database: two queries."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    groups = frozenset(user.groups.values_list("name", flat=True))
    permissions = frozenset(
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(Q(group__user=user) | Q(user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return groups, permissions


def access_of(user):
    """The user's group names and permissions, from the cache when its stamp is current; kept
    on the user object too, so that a request asking for the role and then the permissions
    reads the cache once (a stamp changed on the object is a new key, read afresh)."""
    key = _key(user)
    held = getattr(user, "_access_held", None)
    if held is not None and held[0] == key:
        return held[1]
    found = _cached(user, key)
    user._access_held = (key, found)
    return found


def _cached(user, key):
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache down must not stop the application
        logger.exception("Cache unavailable: access of user %s read from the database", user.pk)
        return compute(user)
    if found is None:
        found = compute(user)
        try:
            cache.set(key, found, TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.exception("Cache unavailable: access of user %s not kept", user.pk)
    return found


SESSION_KEY = "_access"


def session_entry(user):
    """What a session keeps of its user's access: whose, the stamp it was worked out for, the
    group names and the permissions (JSON, as sessions are stored)."""
    groups, permissions = access_of(user)
    return [user.pk, user.access_stamp, sorted(groups), sorted(permissions)]


def from_session(request):
    """The request's user's access read from its session, which the request loads anyway: no
    round trip to the cache. Believed only while the user's row, read fresh on this request,
    still carries the stamp it was worked out for; otherwise worked out again (cache, then
    database) and kept in the session. Sessions live on the server (database, Redis), never
    in a cookie, so a client cannot write this entry."""
    user = request.user
    held = request.session.get(SESSION_KEY)
    if held and held[0] == user.pk and held[1] == user.access_stamp:
        # Set through request.user (a lazy object) onto the user itself.
        user._access_held = (_key(user), (frozenset(held[2]), frozenset(held[3])))
    else:
        request.session[SESSION_KEY] = session_entry(user)


def restamp(users):
    """Make every cached role and permission set of `users` (a queryset) unreachable."""
    users.update(access_stamp=new_stamp())


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    user_model = _user_model()
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # user.groups.add(...) / user.user_permissions.set(...)
        stamp = new_stamp()
        user_model.objects.filter(pk=instance.pk).update(access_stamp=stamp)
        instance.access_stamp = stamp
        instance.__dict__.pop("role", None)
        for cached in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            instance.__dict__.pop(cached, None)
    elif action == "pre_clear":  # group.user_set.clear(): the users it still holds
        restamp(user_model.objects.filter(**{_reverse_filter(sender): instance}))
    else:  # group.user_set.add(users)
        restamp(user_model.objects.filter(pk__in=pk_set or ()))


def _reverse_filter(sender):
    user_model = _user_model()
    return "groups" if sender is user_model.groups.through else "user_permissions"


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from django.contrib.auth.models import Group

    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    user_model = _user_model()
    if not reverse:  # group.permissions.add(...)
        restamp(user_model.objects.filter(groups=instance))
    elif action == "pre_clear":  # permission.group_set.clear()
        restamp(user_model.objects.filter(groups__in=Group.objects.filter(permissions=instance)))
    else:  # permission.group_set.add(groups)
        restamp(user_model.objects.filter(groups__in=pk_set or ()))


def _group_saved(sender, instance, created, **kwargs):
    if not created:  # a renamed group may be a role, or no longer one
        restamp(_user_model().objects.filter(groups=instance))


def _group_deleted(sender, instance, **kwargs):
    restamp(_user_model().objects.filter(groups=instance))


def _permission_deleted(sender, instance, **kwargs):
    from django.db.models import Q

    restamp(
        _user_model().objects.filter(Q(user_permissions=instance) | Q(groups__permissions=instance))
    )


def _logged_in(sender, request, user, **kwargs):
    # Worked out at login, not on the first page after it, and kept in the new session.
    entry = session_entry(user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = entry


def connect():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.auth.signals import user_logged_in

    user_model = _user_model()
    m2m_changed.connect(
        _groups_changed, sender=user_model.groups.through, dispatch_uid="accounts.access.groups"
    )
    m2m_changed.connect(
        _groups_changed,
        sender=user_model.user_permissions.through,
        dispatch_uid="accounts.access.user_permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="accounts.access.group_permissions",
    )
    post_save.connect(_group_saved, sender=Group, dispatch_uid="accounts.access.group_saved")
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="accounts.access.group_deleted")
    pre_delete.connect(
        _permission_deleted, sender=Permission, dispatch_uid="accounts.access.permission_deleted"
    )
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.access.logged_in")
