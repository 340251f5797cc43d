"""The task page (everything about one task: text, targets, versions with their differences,
comments, progress and files, the year end) and the review steps posted from it: staff comment,
return, drop and carry; leaders approve and conclude; the focal point remarks.

A step whose input is refused shows the task page again with its form and the messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..forms import (
    ApproveForm,
    CommentForm,
    ConcludeForm,
    ReasonForm,
    RemarkForm,
    ReturnForm,
    field_label,
)
from ..models import Task, TaskComment
from .common import (
    add_errors,
    is_focal,
    is_own,
    log_task,
    may_approve,
    may_edit,
    may_prepare,
    require,
    task_for,
)


def _versions(task):
    """Each version with what changed since the one before (services.version_diff)."""
    rows, before = [], None
    for version in task.versions.select_related("by"):
        changes = services.version_diff(before, version.snapshot) if before is not None else []
        rows.append((version, changes))
        before = version.snapshot
    return list(reversed(rows))


def _progress(task, targets):
    by_id = {str(t.pk): t for t in targets}
    rows = []
    for report in task.progress.select_related("by"):
        values = [(by_id[k], v) for k, v in (report.values or {}).items() if k in by_id]
        rows.append((report, values))
    return rows


def _forms(request, task):
    """The step forms this user may use on this task in its status."""
    user, status = request.user, task.status
    forms = {}
    if may_prepare(user):
        if status in (Task.Status.REGISTERED, Task.Status.CHANGED):
            forms["comment"] = CommentForm()
        if status == Task.Status.REGISTERED:
            forms["return"] = ReturnForm()
        if status not in (Task.Status.DROPPED, Task.Status.CARRIED) and not task.conclusion:
            forms["drop"] = ReasonForm(prefix="drop", submit_label=_("Drop the task"))
        if status in Task.ASSIGNED_STATES and not task.conclusion:
            forms["carry"] = ReasonForm(prefix="carry", submit_label=_("Carry into the next year"))
    if may_approve(user):
        if status in (Task.Status.REGISTERED, Task.Status.CHANGED):
            forms["approve"] = ApproveForm(
                initial={
                    "decision_number": task.decision_number,
                    "decision_date": task.decision_date,
                }
            )
        if status in Task.ASSIGNED_STATES or (status == Task.Status.CARRIED and task.was_assigned):
            forms["conclude"] = ConcludeForm(
                initial={"level": task.conclusion, "note": task.conclusion_note}
            )
    if is_focal(user, task) and status in Task.ASSIGNED_STATES:
        forms["remark"] = RemarkForm()
    return forms


def _page(request, task, bound=None, status=200):
    forms = _forms(request, task)
    forms.update(bound or {})
    for key, form in forms.items():
        form.helper.form_action = reverse(f"breakthroughs:{key}", args=[task.pk])
    targets = list(task.targets.all())
    comments = list(task.comments.select_related("by"))
    user = request.user
    own = is_own(user, task)
    return render(
        request,
        "breakthroughs/task_detail.html",
        {
            "task": task,
            "targets": targets,
            "versions": _versions(task),
            "reviews": [
                (c, field_label(c.field)) for c in comments if c.kind == TaskComment.Kind.REVIEW
            ],
            "remarks": [c for c in comments if c.kind == TaskComment.Kind.REMARK],
            "progress": _progress(task, targets),
            "forms": forms,
            "own": own,
            "can_edit": may_edit(user, task),
            "can_register": own and task.editable_by_cadre,
            "can_report": own and task.status in Task.ASSIGNED_STATES,
            "can_focal_assess": (is_focal(user, task) or may_prepare(user))
            and task.status in Task.ASSIGNED_STATES,
            "carried_into": Task.objects.filter(carried_from=task).first(),
        },
        status=status,
    )


@require_GET
@login_required
def task_detail(request, pk):
    task = task_for(request, pk)
    log_task(request, task)
    return _page(request, task)


def _step(request, task, key, form, act, done):
    """Run one step: `act(form)` when the form is valid, then back to the task page with
    `done`; else the task page again with the form and its errors."""
    if form.is_valid():
        try:
            act(form)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("breakthroughs:task", task.pk)
    return _page(request, task, bound={key: form})


@require_POST
@login_required
def task_comment(request, pk):
    task = task_for(request, pk)
    require(may_prepare(request.user))
    return _step(
        request,
        task,
        "comment",
        CommentForm(request.POST),
        lambda f: services.task_comment(
            task=task, field=f.cleaned_data["field"], text=f.cleaned_data["text"], user=request.user
        ),
        _("The comment was added."),
    )


@require_POST
@login_required
def task_return(request, pk):
    task = task_for(request, pk)
    require(may_prepare(request.user))
    return _step(
        request,
        task,
        "return",
        ReturnForm(request.POST),
        lambda f: services.task_return(
            task=task, message=f.cleaned_data["message"], comments=f.comments(), user=request.user
        ),
        _("The task was returned to the cadre with your comments."),
    )


@require_POST
@login_required
def task_approve(request, pk):
    task = task_for(request, pk)
    require(may_approve(request.user))
    return _step(
        request,
        task,
        "approve",
        ApproveForm(request.POST),
        lambda f: services.task_approve(task=task, user=request.user, **f.cleaned_data),
        _("The task was approved and assigned."),
    )


@require_POST
@login_required
def task_conclude(request, pk):
    task = task_for(request, pk)
    require(may_approve(request.user))
    return _step(
        request,
        task,
        "conclude",
        ConcludeForm(request.POST),
        lambda f: services.task_conclude(
            task=task, level=f.cleaned_data["level"], note=f.cleaned_data["note"], user=request.user
        ),
        _("The conclusion was recorded."),
    )


@require_POST
@login_required
def task_remark(request, pk):
    task = task_for(request, pk)
    require(is_focal(request.user, task))
    return _step(
        request,
        task,
        "remark",
        RemarkForm(request.POST),
        lambda f: services.remark_add(task=task, text=f.cleaned_data["text"], user=request.user),
        _("The remark was added."),
    )


@require_POST
@login_required
def task_drop(request, pk):
    task = task_for(request, pk)
    require(may_prepare(request.user))
    return _step(
        request,
        task,
        "drop",
        ReasonForm(request.POST, prefix="drop", submit_label=_("Drop the task")),
        lambda f: services.task_drop(task=task, reason=f.cleaned_data["reason"], user=request.user),
        _("The task was dropped."),
    )


@require_POST
@login_required
def task_carry(request, pk):
    task = task_for(request, pk)
    require(may_prepare(request.user))
    return _step(
        request,
        task,
        "carry",
        ReasonForm(request.POST, prefix="carry", submit_label=_("Carry into the next year")),
        lambda f: services.task_carry(
            task=task, reason=f.cleaned_data["reason"], user=request.user
        ),
        _("The task was carried into the next year: its copy awaits the cadre as a draft."),
    )
