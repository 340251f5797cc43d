"""Who may open the commune's pages, and the rows they may reach.

A commune account keeps its own commune's hamlets, cells, members and assignments
(`hamlets.keep_own_commune`); staff keep every commune's; leaders read every commune's (the
models' view permissions) and are refused the actions (403); anyone else gets 403. A row of
another commune, or a commune that is not the account's own, answers 404 (DECISIONS, Status
codes): every fetch goes through `visible_to`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import Role
from assignments.models import Commune
from core.params import id_param


def may_read(user):
    return user.has_perm("hamlets.view_hamlet") or user.has_perm("hamlets.keep_own_commune")


def may_keep(user):
    return user.has_perm("hamlets.keep_own_commune") or user.has_perm("hamlets.change_hamlet")


def reader(view):
    """Anonymous users to the login page; a role with no business here, 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def keeper(view):
    """As `reader`, and a role that may read but not change (leaders) gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        if not may_keep(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def own_commune(user):
    """The commune account's own commune, or None for staff and leaders."""
    if getattr(user, "role", None) == Role.COMMUNE:
        if not user.commune_id:
            raise Http404
        return user.commune
    return None


def commune_for(user, pk):
    """The commune `pk` if the user may see its hamlets: any for staff and leaders, only its own
    for a commune account (404 for another's)."""
    if user.has_perm("hamlets.view_hamlet"):
        return get_object_or_404(Commune.objects.select_related("province"), pk=pk)
    own = own_commune(user)
    if own is None or own.pk != pk:
        raise Http404
    return own


def visible(user, queryset, pk):
    """The row `pk` of `queryset` if the user may see it, else 404."""
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def posted_id_in(request, name, queryset):
    """A row id sent in the form that is not among `queryset` (another commune's member or
    hamlet, typed in by hand): 404, as for a forged id in the address."""
    value = id_param(request, name, source="POST")
    if value is not None and not queryset.filter(pk=value).exists():
        raise Http404
    return value


def refusal_to_form(form, action):
    """Run a service; its refusal becomes the form's errors, beside the field it names when the
    form has that field, and the typed values stay."""
    try:
        return action()
    except ValidationError as exc:
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in by_field.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    return None
