"""What every breakthrough page shares: fetching a task the user may see (404 otherwise), who
may do what on it (403 when the user may see it but not act), the access log."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import Role
from core.access import record_access
from core.models import PersonalDataAccess

from ..models import Task


def task_for(request, pk):
    """The task, if `request.user` may see it (Task.objects.visible_to); else 404."""
    tasks = Task.objects.visible_to(request.user).select_related(
        "cadre__agency", "cadre__commune", "focal_point", "carried_from"
    )
    return get_object_or_404(tasks, pk=pk)


def is_own(user, task):
    return user.role == Role.CADRE and user.cadre_id is not None and user.cadre_id == task.cadre_id


def may_prepare(user):
    """Staff prepare, comment, adjust, return, drop and carry (DECISIONS)."""
    return user.has_perm("breakthroughs.change_task")


def may_approve(user):
    """Leaders (Thường trực / Ban Thường vụ) approve and conclude (DECISIONS)."""
    return user.has_perm("breakthroughs.approve_task")


def is_focal(user, task):
    return task.focal_point_id is not None and task.focal_point_id == user.pk


def may_edit(user, task):
    """The cadre edits their own draft or returned task; staff adjust a registered one, or
    change an assigned one with a reason."""
    if is_own(user, task):
        return task.editable_by_cadre
    return may_prepare(user) and task.status in (Task.Status.REGISTERED, *Task.ASSIGNED_STATES)


def require(allowed):
    if not allowed:
        raise PermissionDenied


def log_task(request, task, action=PersonalDataAccess.Action.VIEW):
    """A cadre's tasks are personal data (DECISIONS): someone else's reading is logged."""
    if request.method == "GET" and not is_own(request.user, task):
        record_access(
            request,
            kind=PersonalDataAccess.Kind.ACTIVITY,
            action=action,
            obj=task,
            label=f"{task.cadre.full_name}: {task.title} ({task.year})",
        )


def add_errors(form, exc, formset=None):
    """A service's ValidationError on the form: at its field when the form has one, the
    targets' on the formset, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            if field == "targets" and formset is not None:
                formset.service_errors = [*getattr(formset, "service_errors", []), *errors]
            elif field in form.fields and field != "version":
                form.add_error(field, errors)
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, exc.messages)
