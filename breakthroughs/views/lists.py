"""The province's pages for staff and leaders: the year's tasks (filters, search), the printable
list and the workbook of the year's assigned tasks, and the year's deadlines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Counted, record_list_access
from core.exports import Column, Sheet, xlsx_response
from core.listing import PAGE_SIZE
from core.models import Organisation, PersonalDataAccess
from core.params import year_param
from core.text import fold

from ..forms import ListFilterForm, YearForm
from ..models import BreakthroughYear, Target, Task


def _year(request):
    return year_param(request) or timezone.localdate().year


def _filtered(request, year):
    """The year's tasks narrowed by the filter form; a value the form refuses is left out."""
    form = ListFilterForm(request.GET or None)
    rows = Task.objects.filter(year=year).select_related(
        "cadre__agency", "cadre__commune", "focal_point"
    )
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("field"):
            rows = rows.filter(field=data["field"])
        if data.get("agency"):
            rows = rows.filter(cadre__agency=data["agency"])
        if data.get("focal"):
            rows = rows.filter(focal_point=data["focal"])
        if data.get("q"):
            words = data["q"]
            rows = rows.filter(cadre__search_name__icontains=fold(words)) | rows.filter(
                title__icontains=words
            )
    return form, rows.order_by("cadre__search_name", "pk")


@login_required
@permission_required("breakthroughs.view_task", raise_exception=True)
def task_list(request):
    year = _year(request)
    form, rows = _filtered(request, year)
    rows = rows.annotate(target_count=Count("targets"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY,
        label=_("Breakthrough tasks, %(year)s") % {"year": year},
        count=len(page.object_list),
    )
    params = request.GET.copy()
    params.pop("page", None)
    params["year"] = year
    counts = dict(
        Task.objects.filter(year=year).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return render(
        request,
        "breakthroughs/list.html",
        {
            "year": year,
            "filter_form": form,
            "rows": page.object_list,
            "page_obj": page,
            "total": page.paginator.count,
            "base_query": params.urlencode(),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Task.Status.choices
            ],
        },
    )


def _assigned(year):
    return (
        Task.objects.assigned()
        .filter(year=year)
        .select_related("cadre__agency", "cadre__commune", "focal_point")
        .prefetch_related(Prefetch("targets", Target.objects.order_by("position", "pk")))
        .order_by("cadre__agency__name", "cadre__search_name", "pk")
    )


def _targets_text(task):
    return "; ".join(
        f"{t.measure}: {t.get_direction_display()} {t.value.normalize():f} {t.unit}"
        for t in task.targets.all()
    )


@login_required
@permission_required("breakthroughs.view_task", raise_exception=True)
def print_list(request):
    """The provincial list of the year's assigned tasks, to print (A4 landscape)."""
    year = _year(request)
    tasks = list(_assigned(year))
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY,
        label=_("Breakthrough tasks assigned, %(year)s (printed)") % {"year": year},
        count=len(tasks),
        action=PersonalDataAccess.Action.PRINT,
    )
    return render(
        request,
        "breakthroughs/print_list.html",
        {
            "year": year,
            "tasks": tasks,
            "organisation": Organisation.current(),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("breakthroughs.view_task", raise_exception=True)
def export_list(request):
    """The same list as a workbook (core.exports)."""
    year = _year(request)
    rows = Counted(
        (
            number,
            task.cadre.full_name,
            task.cadre.position,
            task.cadre.unit_name,
            task.title,
            task.get_field_display(),
            _targets_text(task),
            task.start_date,
            task.deadline,
            (task.focal_point.full_name or task.focal_point.username) if task.focal_point else "",
            task.decision_number,
            task.decision_date,
            task.get_status_display(),
            task.get_conclusion_display() if task.conclusion else "",
        )
        for number, task in enumerate(_assigned(year), start=1)
    )
    sheet = Sheet(
        title=_("Breakthrough tasks %(year)s") % {"year": year},
        caption=_("Breakthrough tasks assigned in %(year)s") % {"year": year},
        columns=[
            Column.integer(_("No."), 6),
            Column.text(_("Full name"), 24),
            Column.text(_("Position"), 24),
            Column.text(_("Agency or commune"), 24),
            Column.text(_("Task"), 40),
            Column.text(_("Field"), 22),
            Column.text(_("Targets"), 40),
            Column.date(_("Start")),
            Column.date(_("Deadline")),
            Column.text(_("Focal point"), 20),
            Column.text(_("Assigning decision number"), 16),
            Column.date(_("Assigning decision date")),
            Column.text(_("Status"), 16),
            Column.text(_("Conclusion"), 22),
        ],
        rows=rows,
        empty=_("No task has been assigned this year yet."),
    )
    response = xlsx_response(f"nhiem-vu-dot-pha-{year}.xlsx", [sheet])
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY,
        label=_("Breakthrough tasks assigned, %(year)s") % {"year": year},
        count=rows.count,
        action=PersonalDataAccess.Action.DOWNLOAD,
    )
    return response


@login_required
@permission_required("breakthroughs.view_breakthroughyear", raise_exception=True)
def deadlines(request):
    """The year's deadlines: registration, approval, year-end assessment (staff set them)."""
    if request.method == "POST" and not request.user.has_perm(
        "breakthroughs.change_breakthroughyear"
    ):
        raise PermissionDenied
    year = _year(request)
    row = BreakthroughYear.objects.filter(year=year).first()
    form = YearForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.year = year
        saved.save()
        messages.success(request, _("Saved."))
        return redirect(f"{reverse('breakthroughs:deadlines')}?year={year}")
    return render(
        request,
        "breakthroughs/deadlines.html",
        {
            "year": year,
            "row": row,
            "form": form,
            "years": BreakthroughYear.objects.all()[:10],
            "can_change": request.user.has_perm("breakthroughs.change_breakthroughyear"),
        },
    )
