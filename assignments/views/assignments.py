"""Staff screens for assignments: assign, reassign, end; the coverage dashboard and its lists;
the annex export; the audit trail."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core.access import Counted, record_list_access
from core.exports import Column, Sheet, xlsx_response
from core.formats import ddmmyyyy
from core.listing import PAGE_SIZE
from core.models import PersonalDataAccess
from core.params import date_param, id_param, int_param
from core.permissions import can

from .. import figures, services
from ..exports import commune_cells, commune_columns
from ..forms import AssignmentEndForm, AssignmentForm, ReassignForm
from ..imports import annex_columns, annex_rows
from ..models import Assignment, day_has_districts


def _day(request):
    """The date the page is about: ?on=dd/mm/yyyy, default today (400 for a malformed one)."""
    return date_param(request, "on") or timezone.localdate()


def _months(request):
    return int_param(request, "months", 12, minimum=1, maximum=60)


@can("assignments.view_assignment")
def dashboard(request):
    day, months = _day(request), _months(request)
    cov = figures.coverage(day, months)
    context = {
        "cov": cov,
        "day": day,
        # No commune on this day's map (0/0): offer a day on the map that has the data.
        "other_day": None if cov.communes.denominator else figures.day_with_communes(day),
        "retiring_label": ngettext(
            "cadres reaching retirement age within %(n)d month",
            "cadres reaching retirement age within %(n)d months",
            months,
        )
        % {"n": months},
    }
    return render(request, "assignments/dashboard.html", context)


COVERAGE_LISTS = {
    "uncovered": gettext_lazy("Communes without a cadre"),
    "several": gettext_lazy("Cadres following more than one commune"),
    "retiring": gettext_lazy("Cadres reaching retirement age soon"),
    "agencies": gettext_lazy("Agencies whose assigned cadres differ from their leaders"),
    "departed": gettext_lazy("Assignments of cadres no longer in office"),
    "exceptions": gettext_lazy("Exceptions: a second commune at the same time"),
}


def _coverage_rows(kind, day, months, district=None):
    if kind == "uncovered":
        rows = figures.uncovered_communes(day)
        return rows.filter(district_id=district) if district else rows
    if kind == "several":
        return figures.cadres_with_several_communes(day)
    if kind == "retiring":
        return figures.retiring_cadres(day, months)
    if kind == "agencies":
        return [a for a in figures.agency_coverage(day) if a.assigned_cadres != a.leader_quota]
    if kind == "departed":
        return figures.departed_assignments(day)
    return figures.exception_assignments(day)


def _coverage_sheet(kind, rows, title, day, months):
    """A coverage list as a sheet: one row per commune, per cadre or per assignment; a cadre
    with several communes has a row for each, never the communes joined in one cell."""
    on = {"day": ddmmyyyy(day)}
    if kind == "uncovered":
        districts = day_has_districts(day)
        return Sheet(
            title,
            [
                *commune_columns(districts=districts, name="Tên xã"),
                Column.text("Tỉnh", 18),
                Column.text("Bí thư", 24),
                Column.text("Điện thoại", 14),
            ],
            (
                (
                    *commune_cells(c, districts=districts),
                    c.province.name,
                    c.secretary_name,
                    c.phone,
                )
                for c in rows
            ),
            empty=_("Every commune has a cadre following it on %(day)s.") % on,
        )
    if kind == "several":
        return Sheet(
            title,
            [
                Column.text("Họ và tên", 26),
                Column.text("Chức vụ"),
                Column.text("Cơ quan", 40),
                Column.integer("Số xã theo dõi", 14),
            ],
            ((c.full_name, c.position, c.unit_name, c.communes_followed) for c in rows),
            empty=_("No cadre follows more than one commune on %(day)s.") % on,
        )
    if kind == "retiring":
        return Sheet(
            title,
            [
                Column.text("Họ và tên", 26),
                Column.text("Chức vụ"),
                Column.text("Cơ quan", 40),
                Column.date("Dự kiến nghỉ hưu", 16),
                Column.code("Mã xã"),
                Column.text("Xã theo dõi", 30),
            ],
            (
                (
                    r.cadre.full_name,
                    r.cadre.position,
                    r.cadre.unit_name,
                    r.retires_on,
                    a.commune.code,
                    a.commune.name,
                )
                for r in rows
                for a in r.assignments
            ),
            empty=ngettext(
                "No cadre following a commune reaches retirement age within %(n)d month.",
                "No cadre following a commune reaches retirement age within %(n)d months.",
                months,
            )
            % {"n": months},
        )
    if kind == "agencies":
        return Sheet(
            title,
            [
                Column.text("Tên cơ quan", 45),
                Column.integer("Số lãnh đạo", total=True),
                Column.integer("Cán bộ được phân công", 20, total=True),
                Column.integer("Số xã theo dõi", 14, total=True),
            ],
            ((a.name, a.leader_quota, a.assigned_cadres, a.communes_followed) for a in rows),
            empty=_("Every agency has as many assigned cadres as leaders on %(day)s.") % on,
        )
    return Sheet(
        title,
        [
            Column.text("Họ và tên", 26),
            Column.text("Cơ quan", 40),
            Column.text("Tình trạng", 18),
            Column.code("Mã xã"),
            Column.text("Tên xã", 30),
            Column.date("Từ ngày"),
            Column.text("Lý do ngoại lệ", 40),
        ],
        (
            (
                a.cadre.full_name,
                a.cadre.unit_name,
                a.cadre.get_status_display(),
                a.commune.code,
                a.commune.name,
                a.start_date,
                a.exception_reason,
            )
            for a in rows
        ),
        empty=(
            _("No cadre out of office still follows a commune on %(day)s.")
            if kind == "departed"
            else _("No cadre follows a second commune as an exception on %(day)s.")
        )
        % on,
    )


@can("assignments.view_assignment")
def coverage_list(request, kind):
    if kind not in COVERAGE_LISTS:
        from django.http import Http404

        raise Http404
    day, months = _day(request), _months(request)
    district = id_param(request, "district")
    rows = _coverage_rows(kind, day, months, district)
    title = COVERAGE_LISTS[kind]
    if request.GET.get("format") == "xlsx":
        sheet = _coverage_sheet(kind, rows, title, day, months)
        return xlsx_response(f"{kind}-{day:%Y%m%d}.xlsx", [sheet])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assignments/coverage_list.html",
        {
            "kind": kind,
            "title": title,
            "page_obj": page,
            "rows": page.object_list,
            "day": day,
            "months": months,
            "total": page.paginator.count,
            "base_query": f"on={ddmmyyyy(day)}&months={months}"
            + (f"&district={district}" if district else ""),
        },
    )


def _form_or_errors(request, form, action):
    """Run a service; a refusal becomes the form's errors, beside the field it names when the
    form has that field, and the typed values stay."""
    try:
        return action()
    except ValidationError as exc:
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in by_field.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    return None


@require_http_methods(["GET", "POST"])
@can("assignments.add_assignment")
def assignment_new(request):
    day = timezone.localdate()
    initial = {
        "commune": id_param(request, "commune"),
        "cadre": id_param(request, "cadre"),
    }
    form = AssignmentForm(request.POST or None, day=day, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = _form_or_errors(
            request, form, lambda: services.assignment_create(user=request.user, **data)
        )
        if assignment:
            messages.success(
                request,
                _("%(cadre)s now follows «%(commune)s» from %(start)s.")
                % {
                    "cadre": assignment.cadre.full_name,
                    "commune": assignment.commune.name,
                    "start": ddmmyyyy(assignment.start_date),
                },
            )
            return redirect("registry:commune_detail", pk=assignment.commune_id)
    return render(
        request,
        "assignments/assignment_form.html",
        {"form": form, "title": _("Assign a cadre to a commune")},
    )


@require_http_methods(["GET", "POST"])
@can("assignments.change_assignment")
def assignment_reassign(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("commune", "cadre"), pk=pk)
    form = ReassignForm(request.POST or None, day=timezone.localdate(), current=assignment)
    if request.method == "POST" and form.is_valid():
        new = _form_or_errors(
            request,
            form,
            lambda: services.assignment_replace(
                replaced=[assignment],
                commune=assignment.commune,
                user=request.user,
                **form.cleaned_data,
            ),
        )
        if new:
            messages.success(
                request,
                _("«%(commune)s» is now followed by %(cadre)s.")
                % {"commune": new.commune.name, "cadre": new.cadre.full_name},
            )
            return redirect("registry:commune_detail", pk=new.commune_id)
    return render(
        request,
        "assignments/assignment_form.html",
        {
            "form": form,
            "assignment": assignment,
            "title": _("Reassign «%(commune)s»") % {"commune": assignment.commune.name},
        },
    )


@require_http_methods(["GET", "POST"])
@can("assignments.change_assignment")
def assignment_end(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("commune", "cadre"), pk=pk)
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = _form_or_errors(
            request,
            form,
            lambda: services.assignment_end(
                assignment=assignment, user=request.user, **form.cleaned_data
            ),
        )
        if ended:
            messages.success(
                request,
                _("The assignment of %(cadre)s to «%(commune)s» ended.")
                % {"cadre": ended.cadre.full_name, "commune": ended.commune.name},
            )
            return redirect("registry:commune_detail", pk=ended.commune_id)
    return render(
        request,
        "assignments/assignment_form.html",
        {
            "form": form,
            "assignment": assignment,
            "title": _("End the assignment of %(cadre)s") % {"cadre": assignment.cadre.full_name},
        },
    )


@can("assignments.view_assignment")
def annex_export(request):
    """The assignments in force on a date as the annex of a decision: export → import is a no-op."""
    day = _day(request)
    written = Counted(annex_rows(day))
    sheet = Sheet(
        _("Annex"),
        annex_columns(day),
        written,
        imports_back=True,
        empty=_("No commune is followed by a cadre on %(day)s.") % {"day": ddmmyyyy(day)},
        caption=_("Communes and the cadres who follow them, on %(day)s") % {"day": ddmmyyyy(day)},
    )
    response = xlsx_response(f"phu-luc-phan-cong-{day:%Y%m%d}.xlsx", [sheet])
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ANNEX,
        action=PersonalDataAccess.Action.DOWNLOAD,
        label=_("Annex of assignments on %(day)s") % {"day": ddmmyyyy(day)},
        count=written.count,
    )
    return response


@can("assignments.view_historicalassignment")
def audit_trail(request):
    """Who changed which assignment when, with the old and new values."""
    records = Assignment.history.select_related("history_user").order_by("-history_date")
    commune = id_param(request, "commune")
    if commune:
        records = records.filter(commune_id=commune)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    before = _previous_records(page.object_list)
    rows = []
    for record in page.object_list:
        changes = []
        previous = before.get(record.history_id)
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [_change_row(c) for c in delta.changes]
        rows.append((record, changes))
    cadres, communes = _names(page.object_list)
    return render(
        request,
        "assignments/audit_trail.html",
        {
            "page_obj": page,
            "rows": rows,
            "cadres": cadres,
            "communes": communes,
            "base_query": f"commune={commune}" if commune else "",
            "total": page.paginator.count,
        },
    )


def _previous_records(records):
    """{history_id: the record before it} for the records of a page, as record.prev_record
    finds it (the same assignment's latest earlier record), in one query instead of one per
    record."""
    ids = {record.id for record in records}
    history = defaultdict(list)
    for record in Assignment.history.filter(id__in=ids).order_by("history_date", "history_id"):
        history[record.id].append(record)
    return {
        after.history_id: before
        for rows in history.values()
        for before, after in zip(rows, rows[1:], strict=False)
    }


def _change_row(change):
    """(field label, old, new) with choices shown by their labels."""
    field = Assignment._meta.get_field(change.field)
    labels = dict(field.choices or ())
    return (
        field.verbose_name,
        labels.get(change.old, change.old),
        labels.get(change.new, change.new),
    )


def _names(records):
    from ..models import Cadre, Commune

    cadres = dict(
        Cadre.objects.filter(pk__in={r.cadre_id for r in records}).values_list("pk", "full_name")
    )
    communes = dict(
        Commune.objects.filter(pk__in={r.commune_id for r in records}).values_list("pk", "name")
    )
    return cadres, communes
