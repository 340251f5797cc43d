"""The cadre's own pages: the tasks by year, a new task, editing (also staff adjusting, with the
same form), registering, progress reports with files, the year-end self-assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.access import logged_download
from core.models import PersonalDataAccess
from core.params import int_param, year_param
from core.templatetags.fields import target_id

from .. import services
from ..forms import AssessmentForm, ProgressForm, TaskForm, field_label, target_formset
from ..models import ProgressReport, Task, TaskComment
from .common import add_errors, is_focal, is_own, log_task, may_edit, may_prepare, require, task_for

STALE = gettext_lazy(
    "Someone else saved this task after you opened it. Your text is still below, not saved: "
    "copy what you need, then reload the page to see their version."
)


def _own_cadre(request):
    user = request.user
    if user.role != Role.CADRE or user.cadre_id is None:
        raise PermissionDenied  # registering is the cadre's own (breakthroughs.register_task)
    return user.cadre


@login_required
def mine(request):
    """The cadre's tasks, grouped by year; staff and leaders go to the province's list."""
    user = request.user
    if user.role != Role.CADRE and user.has_perm("breakthroughs.view_task"):
        return redirect("breakthroughs:list")
    cadre = _own_cadre(request)
    tasks = (
        Task.objects.visible_to(user)
        .filter(cadre=cadre)
        .prefetch_related("targets")
        .order_by("-year", "pk")
    )
    years = {}
    for task in tasks:
        years.setdefault(task.year, []).append(task)
    return render(
        request,
        "breakthroughs/mine.html",
        {
            "cadre": cadre,
            "years": sorted(years.items(), reverse=True),
            "this_year": timezone.localdate().year,
        },
    )


def _error_items(form, formset):
    """The error summary's lines (templates/fields/error_summary.html) for the task and its
    targets."""
    items = [(None, str(m)) for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            items.append(
                (None if bound.is_hidden else target_id(bound), f"{bound.label}: {message}")
            )
    items += [(None, str(m)) for m in formset.non_form_errors()]
    items += [(None, str(m)) for m in getattr(formset, "service_errors", [])]
    for number, row in enumerate(formset.forms, start=1):
        for bound in row:
            for message in bound.errors:
                items.append(
                    (
                        target_id(bound),
                        _("Target %(number)d") % {"number": number}
                        + f" – {bound.label}: {message}",
                    )
                )
    return items


def _task_page(request, *, task=None, year=None):
    """The task form and its targets, for a new task (the cadre) or an edit (the cadre, or staff
    adjusting). "More rows" adds empty target rows and keeps what was typed."""
    staff = task is not None and not is_own(request.user, task)
    needs_reason = staff and task.status in Task.ASSIGNED_STATES
    post = request.POST if request.method == "POST" else None
    more = post is not None and "more" in post
    initial = TaskForm.initial_for(task) if task and post is None else None
    form = TaskForm(post, initial=initial, staff=staff, needs_reason=needs_reason)
    formset = target_formset(post, task=task, more=more)
    if post is not None and not more and form.is_valid() & formset.is_valid():
        data = form.data_for_service(task)
        try:
            if task is None:
                saved = services.task_create(
                    cadre=_own_cadre(request),
                    year=year,
                    data=data,
                    targets=formset.targets(),
                    user=request.user,
                )
            else:
                saved = services.task_update(
                    task=task,
                    data=data,
                    targets=formset.targets(),
                    version=form.cleaned_data["version"],
                    user=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
        except services.StaleTask:
            form.add_error(None, STALE)
        except ValidationError as exc:
            add_errors(form, exc, formset)
        else:
            messages.success(request, _("Saved."))
            return redirect("breakthroughs:task", saved.pk)
    if more:
        # The rows were not checked: what was typed comes back as it was, with room for more.
        _quiet(form, formset)
    items = [] if more else _error_items(form, formset)
    summary = (
        render_to_string(
            "fields/error_summary.html",
            {"items": items, "count": len(items), "lead": _("The task was not saved")},
        )
        if items
        else ""
    )
    return render(
        request,
        "breakthroughs/task_form.html",
        {
            "task": task,
            "year": task.year if task else year,
            "form": form,
            "formset": formset,
            "summary": summary,
            "staff": staff,
            "notes": _notes(task),
            "has_errors": bool(items),
        },
    )


def _quiet(form, formset):
    """Bound forms shown without their errors (after "More rows", nothing was submitted)."""
    for each in (form, *formset.forms):
        each.full_clean()
        each._errors.clear()
    formset.full_clean()
    formset._non_form_errors = formset.error_class()


def _notes(task):
    """The review comments of the latest return, by field, shown beside the fields."""
    if task is None or task.status != Task.Status.RETURNED:
        return {}
    last = task.versions.filter(kind="returned").order_by("-number").first()
    notes = {}
    if last is None:
        return notes
    for comment in task.comments.filter(
        kind=TaskComment.Kind.REVIEW, version_number=last.number
    ).order_by("pk"):
        notes.setdefault(comment.field or "whole", []).append(comment.text)
    return notes


@login_required
def task_new(request):
    _own_cadre(request)
    year = year_param(request) or timezone.localdate().year
    return _task_page(request, year=year)


@login_required
def task_edit(request, pk):
    task = task_for(request, pk)
    require(may_edit(request.user, task))
    log_task(request, task, PersonalDataAccess.Action.EDIT)
    return _task_page(request, task=task)


@require_POST
@login_required
def task_register(request, pk):
    task = task_for(request, pk)
    require(is_own(request.user, task))
    version = int_param(request, "version", task.version, source="POST")
    try:
        services.task_register(task=task, version=version, user=request.user)
    except services.StaleTask:
        messages.error(
            request,
            _("Someone else saved this task after you opened it: look at it again, then register."),
        )
    except ValidationError as exc:
        for field, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
            for error in errors:
                label = field_label(field) if field and field != "__all__" else ""
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        messages.success(
            request, _("The task was registered. The Organization Department will review it.")
        )
    return redirect("breakthroughs:task", task.pk)


def _assigned_own(request, pk):
    task = task_for(request, pk)
    require(is_own(request.user, task) and task.status in Task.ASSIGNED_STATES)
    return task


def _values_page(request, task, form, *, title, service, testid):
    if request.method == "POST" and form.is_valid():
        try:
            service(form)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("breakthroughs:task", task.pk)
    return render(
        request,
        "breakthroughs/values_form.html",
        {"task": task, "form": form, "title": title, "testid": testid},
    )


@login_required
def progress_new(request, pk):
    """The cadre's progress report: text, the value reached so far per target, a file."""
    task = _assigned_own(request, pk)
    targets = list(task.targets.all())
    form = ProgressForm(request.POST or None, request.FILES or None, targets=targets)
    return _values_page(
        request,
        task,
        form,
        title=_("Report progress"),
        testid="progress-form",
        service=lambda f: services.progress_add(
            task=task,
            day=f.cleaned_data["day"],
            text=f.cleaned_data["text"],
            values=f.values(),
            file=f.cleaned_data["file"],
            user=request.user,
        ),
    )


@login_required
def self_assessment(request, pk):
    """The cadre's year-end self-assessment: the value reached per target and the text."""
    task = _assigned_own(request, pk)
    targets = list(task.targets.all())
    form = AssessmentForm(
        request.POST or None,
        targets=targets,
        required=True,
        initial_attr="self_value",
        initial={"text": task.self_assessment},
    )
    return _values_page(
        request,
        task,
        form,
        title=_("Year-end self-assessment"),
        testid="self-assessment-form",
        service=lambda f: services.self_assess(
            task=task, values=f.values(), text=f.cleaned_data["text"], user=request.user
        ),
    )


@login_required
def focal_assessment(request, pk):
    """The focal point's year-end assessment (staff may enter it too)."""
    task = task_for(request, pk)
    require(
        (is_focal(request.user, task) or may_prepare(request.user))
        and task.status in Task.ASSIGNED_STATES
    )
    log_task(request, task)
    targets = list(task.targets.all())
    form = AssessmentForm(
        request.POST or None,
        targets=targets,
        required=True,
        initial_attr="focal_value",
        initial={"text": task.focal_assessment},
    )
    return _values_page(
        request,
        task,
        form,
        title=_("The focal point's assessment"),
        testid="focal-assessment-form",
        service=lambda f: services.focal_assess(
            task=task, values=f.values(), text=f.cleaned_data["text"], user=request.user
        ),
    )


@login_required
def progress_file(request, pk):
    """A progress report's file: to the task's cadre, staff and leaders; logged. Media files are
    never served as such."""
    report = get_object_or_404(
        ProgressReport.objects.filter(
            task__in=Task.objects.visible_to(request.user)
        ).select_related("task__cadre"),
        pk=pk,
    )
    if not report.file:
        raise Http404
    return logged_download(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY_FILE,
        obj=report,
        label=f"{report._meta.verbose_name}: {report.task.cadre.full_name} – {report.task.title}",
        file=report.file,
        filename=report.download_name,
        content_type=report.content_type,
    )
