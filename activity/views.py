"""The cadre's own page (plans, visits, reports, proposals), staff entering on a cadre's behalf,
the commune confirming visits, and the staff overview with its late, missing and under-minimum
lists."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from assignments.models import Assignment, Cadre, Commune
from core.access import logged_download, record_access, record_list_access
from core.listing import PAGE_SIZE
from core.models import PersonalDataAccess
from core.params import id_param, year_param
from core.todo import provided, todo_list

from . import figures, services
from .forms import (
    ActivityYearForm,
    AnswerForm,
    GroupVisitForm,
    MemberMeetingForm,
    ProposalForm,
    SubmissionForm,
    VisitForm,
    WorkingGroupForm,
)
from .models import ActivityYear, Plan, Proposal, Report, Visit, WorkingGroup
from .todo import cadre_todo


def _year(request):
    """?year=, else a posted year, else this year; a malformed one answers 400 (core.params)."""
    return year_param(request) or year_param(request, source="POST") or timezone.localdate().year


def _cadre_for(request):
    """The cadre whose page this is: the cadre's own account, or ?cadre= for staff entering
    on a cadre's behalf."""
    user = request.user
    if user.role == Role.CADRE:
        if user.cadre_id is None:
            raise Http404
        return user.cadre, False
    if user.has_perm("activity.add_visit") and request.GET.get("cadre"):
        return get_object_or_404(Cadre, pk=id_param(request, "cadre")), True
    raise Http404


@login_required
def cadre_home(request):
    if request.user.role != Role.CADRE and not request.GET.get("cadre"):
        return redirect("activity:overview")
    cadre, on_behalf = _cadre_for(request)
    year = _year(request)
    if on_behalf and request.method == "GET":
        # Staff reading a cadre's year (plans, visits, proposals): personal data, Law 91/2025.
        record_access(
            request,
            kind=PersonalDataAccess.Kind.ACTIVITY,
            action=PersonalDataAccess.Action.VIEW,
            obj=cadre,
            label=f"{cadre.full_name} ({year})",
        )
    today = timezone.localdate()
    communes = services.communes_followed(cadre, min(today, date(year, 12, 31)))
    forms = {
        "plan": SubmissionForm(prefix="plan"),
        "half": SubmissionForm(prefix="half"),
        "annual": SubmissionForm(prefix="annual"),
        "visit": VisitForm(prefix="visit", communes=communes),
        "proposal": ProposalForm(prefix="proposal"),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in forms:
            raise Http404
        form = forms[action].__class__(
            request.POST,
            request.FILES,
            prefix=action,
            **({"communes": communes} if action == "visit" else {}),
        )
        forms[action] = form
        if form.is_valid():
            try:
                _act(action, form.cleaned_data, cadre, year, request.user, on_behalf)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Saved."))
                suffix = f"&cadre={cadre.pk}" if on_behalf else ""
                return redirect(f"{reverse('activity:home')}?year={year}{suffix}")
    settings = figures.settings_for(year)
    user = request.user
    visits = (
        Visit.objects.visible_to(user)
        .filter(cadre=cadre, day__year=year)
        .select_related("commune", "cell")
    )
    counted = [v for v in visits if v.status != Visit.Status.DISPUTED]
    return render(
        request,
        "activity/cadre_home.html",
        {
            "cadre": cadre,
            "on_behalf": on_behalf,
            "year": year,
            "settings": settings,
            "forms": forms,
            "communes": communes,
            "plan": Plan.objects.visible_to(user).filter(cadre=cadre, year=year).first(),
            "reports": {
                r.period: r for r in Report.objects.visible_to(user).filter(cadre=cadre, year=year)
            },
            "visits": visits,
            "visit_count": len(counted),
            "meeting_count": sum(1 for v in counted if v.is_meeting),
            "proposals": Proposal.objects.visible_to(user)
            .filter(cadre=cadre)
            .select_related("commune")[:20],
            "todo": todo_list(
                [*cadre_todo(cadre, year, today), *provided("cadre", request.user, today)]
            ),
        },
    )


def _act(action, data, cadre, year, user, on_behalf):
    common = {"cadre": cadre, "user": user, "on_behalf": on_behalf}
    if action == "plan":
        services.plan_submit(year=year, text=data["text"], file=data["file"], **common)
    elif action in {"half", "annual"}:
        period = Report.Period.HALF_YEAR if action == "half" else Report.Period.ANNUAL
        services.report_submit(
            year=year, period=period, text=data["text"], file=data["file"], **common
        )
    elif action == "visit":
        services.visit_log(
            commune=data["commune"],
            day=data["day"],
            kind=data["kind"],
            cell=data["cell"],
            content=data["content"],
            problems=data["problems"],
            **common,
        )
    else:
        services.proposal_create(cadre=cadre, subject=data["subject"], content=data["content"])


FILE_MODELS = {"plan": Plan, "report": Report}


@login_required
def submission_file(request, kind, pk):
    """A plan's or report's attached file: to the cadre who sent it, and to staff and leaders.
    Media files are never served as such; every download goes through here and is logged."""
    model = FILE_MODELS.get(kind)
    if model is None:
        raise Http404
    submission = get_object_or_404(
        model.objects.visible_to(request.user).select_related("cadre"), pk=pk
    )
    if not submission.file:
        raise Http404
    return logged_download(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY_FILE,
        obj=submission,
        label=f"{submission._meta.verbose_name}: {submission.cadre.full_name} ({submission.year})",
        file=submission.file,
        filename=submission.download_name,
        content_type=submission.content_type,
    )


@require_POST
@login_required
def visit_review(request, pk):
    """The commune confirms or disputes a visit at its own commune; anyone else: 404."""
    if request.user.role != Role.COMMUNE:
        raise Http404  # only the commune confirms; staff and leaders read visits elsewhere
    # A provincial cadre's visit: the commune's own members' meetings are confirmed as logged.
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk, cadre__isnull=False)
    try:
        services.visit_review(
            visit=visit,
            confirm=request.POST.get("confirm") == "1",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Thank you: the visit was recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluations:home")


# Rows of each list on the overview; "see all" shows the rest a page at a time.
OVERVIEW_ROWS = 10


@login_required
@permission_required("activity.view_visit", raise_exception=True)
def overview(request):
    if request.method == "POST" and not request.user.has_perm("activity.change_activityyear"):
        raise PermissionDenied  # before reading anything: a reader's POST is 403, whatever it holds
    year = _year(request)
    settings = ActivityYear.objects.filter(year=year).first()
    settings_form = ActivityYearForm(request.POST or None, instance=settings)
    if request.method == "POST" and settings_form.is_valid():
        row = settings_form.save(commit=False)
        row.year = year
        row.save()
        messages.success(request, _("Saved."))
        return redirect(f"{reverse('activity:overview')}?year={year}")
    totals = figures.totals(year)
    lists = {
        "late_plans": figures.late_or_missing_plans(year),
        "late_half": figures.late_or_missing_reports(year, Report.Period.HALF_YEAR),
        "late_annual": figures.late_or_missing_reports(year, Report.Period.ANNUAL),
        "under": figures.under_minimum(year),
        "under_cells": figures.cadres_under_cell_minimum(year).select_related("agency"),
        "by_commune": totals["by_commune"],
        "by_cadre": totals["by_cadre"],
        "proposals": Proposal.objects.filter(created_at__year=year).select_related(
            "cadre__agency", "commune"
        ),
    }
    # Each list shows its first rows here and all of them a page at a time under ?list=: at
    # 1,500 cadres the page listed every cadre several times over, 1.6 MB.
    counts = {key: Paginator(rows, PAGE_SIZE).count for key, rows in lists.items()}
    shown = request.GET.get("list", "")
    page = None
    if shown:
        if shown not in lists:
            raise Http404
        page = Paginator(lists[shown], PAGE_SIZE).get_page(request.GET.get("page"))
        rows = {shown: page.object_list}
    else:
        rows = {key: value[:OVERVIEW_ROWS] for key, value in lists.items()}
    return render(
        request,
        "activity/overview.html",
        {
            "year": year,
            "settings": settings,
            "cell_minimums": figures.cell_minimums(year),
            "settings_form": settings_form,
            "totals": totals,
            "rows": rows,
            "counts": counts,
            "shown": shown,
            "preview": OVERVIEW_ROWS,
            "page_obj": page,
            "total": counts.get(shown),
            "base_query": f"year={year}&list={shown}",
            "answer_form": AnswerForm(),
            "cadres": figures.cadres_of(year),
            "assigned": Assignment.objects.in_year(year).exists(),
        },
    )


@require_POST
@login_required
@permission_required("activity.change_proposal", raise_exception=True)
def proposal_answer(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.proposal_answer(proposal=proposal, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('activity:overview')}?year={proposal.created_at.year}")


# --- commune members' Party cell meetings ------------------------------------------------------


def _own_commune(request):
    """The commune account's own commune (it keeps its members' cell meetings), else None."""
    user = request.user
    if user.role == Role.COMMUNE and user.commune_id and user.has_perm("hamlets.keep_own_commune"):
        return user.commune
    return None


def _members_scope(request):
    """(commune, communes to choose from): the commune account reads its own members; staff and
    leaders every commune's, narrowed by ?commune=; anyone else 403."""
    own = _own_commune(request)
    if own is not None:
        return own, None
    if not request.user.has_perm("activity.view_visit"):
        raise PermissionDenied
    commune_id = id_param(request, "commune")
    commune = get_object_or_404(Commune, pk=commune_id) if commune_id else None
    return commune, Commune.objects.order_by("name").only("pk", "name")


@login_required
def cell_meetings(request):
    """The commune members' Party cell meetings of a year: a commune its own, which it logs;
    staff and leaders every commune's."""
    commune, choices = _members_scope(request)
    year = _year(request)
    rows = (
        Visit.objects.filter(member__isnull=False, kind=Visit.Kind.CELL, day__year=year)
        .select_related("member", "cell", "commune")
        .order_by("-day", "-pk")
    )
    if commune is not None:
        rows = rows.filter(commune=commune)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY,
        label=_("Cell meetings of commune members, %(year)s") % {"year": year},
        count=len(page.object_list),
    )
    return render(
        request,
        "activity/cell_meetings.html",
        {
            "year": year,
            "commune": commune,
            "choices": choices,
            "own": choices is None,
            "rows": page.object_list,
            "page_obj": page,
            "total": page.paginator.count,
            "base_query": f"year={year}" + (f"&commune={commune.pk}" if commune else ""),
            "minimum": figures.cell_minimums(year)[1],
        },
    )


@login_required
def members_under(request):
    """Commune members under the year's minimum of cell meetings: a commune its own, staff and
    leaders every commune's (?commune= for one)."""
    commune, choices = _members_scope(request)
    year = _year(request)
    rows = figures.members_under_minimum(year, commune_id=commune.pk if commune else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.ACTIVITY,
        label=_("Commune members under the minimum of cell meetings, %(year)s") % {"year": year},
        count=len(page.object_list),
    )
    return render(
        request,
        "activity/members_under.html",
        {
            "year": year,
            "commune": commune,
            "choices": choices,
            "own": choices is None,
            "rows": page.object_list,
            "page_obj": page,
            "total": page.paginator.count,
            "base_query": f"year={year}" + (f"&commune={commune.pk}" if commune else ""),
            "minimum": figures.cell_minimums(year)[1],
        },
    )


def _commune_or_403(request):
    commune = _own_commune(request)
    if commune is None:
        raise PermissionDenied  # only the commune logs its members' meetings
    return commune


def _own_meeting(commune, pk):
    return get_object_or_404(
        Visit.objects.select_related("member", "cell"),
        pk=pk,
        commune=commune,
        member__isnull=False,
    )


def _meeting_form(request, commune, visit=None):
    initial = (
        {"member": visit.member, "cell": visit.cell, "day": visit.day, "content": visit.content}
        if visit
        else None
    )
    form = MemberMeetingForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.member_meeting_save(
                commune=commune, user=request.user, visit=visit, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('activity:cell_meetings')}?year={saved.day.year}")
    title = _("Change a cell meeting") if visit else _("Log a member's cell meeting")
    return render(
        request,
        "activity/form.html",
        {"form": form, "title": title, "back": reverse("activity:cell_meetings")},
    )


@login_required
def cell_meeting_new(request):
    return _meeting_form(request, _commune_or_403(request))


@login_required
def cell_meeting_edit(request, pk):
    commune = _commune_or_403(request)
    return _meeting_form(request, commune, _own_meeting(commune, pk))


@require_POST
@login_required
def cell_meeting_delete(request, pk):
    commune = _commune_or_403(request)
    visit = _own_meeting(commune, pk)
    year = visit.day.year
    services.member_meeting_delete(visit=visit)
    messages.success(request, _("Deleted."))
    return redirect(f"{reverse('activity:cell_meetings')}?year={year}")


# --- working groups ---------------------------------------------------------------------------


@login_required
@permission_required("activity.view_workinggroup", raise_exception=True)
def groups(request):
    today = timezone.localdate()
    rows = (
        WorkingGroup.objects.select_related("leader__agency")
        .prefetch_related("communes")
        .order_by("-start_date", "name")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activity/groups.html",
        {
            "rows": page.object_list,
            "page_obj": page,
            "total": page.paginator.count,
            "base_query": "",
            "today": today,
        },
    )


@login_required
@permission_required("activity.view_workinggroup", raise_exception=True)
def group_detail(request, pk):
    group = get_object_or_404(WorkingGroup.objects.select_related("leader__agency"), pk=pk)
    return render(
        request,
        "activity/group_detail.html",
        {
            "group": group,
            "members": group.members.select_related("agency").order_by("search_name"),
            "communes": group.communes.order_by("name"),
            "visits": group.visits.select_related("commune"),
            "today": timezone.localdate(),
        },
    )


def _group_form(request, group=None):
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        saved = services.group_save(form=form)
        messages.success(request, _("Saved."))
        return redirect("activity:group_detail", saved.pk)
    title = _("Change the working group") if group else _("New working group")
    back = (
        reverse("activity:group_detail", args=[group.pk]) if group else reverse("activity:groups")
    )
    return render(request, "activity/form.html", {"form": form, "title": title, "back": back})


@login_required
@permission_required("activity.add_workinggroup", raise_exception=True)
def group_new(request):
    return _group_form(request)


@login_required
@permission_required("activity.change_workinggroup", raise_exception=True)
def group_edit(request, pk):
    return _group_form(request, get_object_or_404(WorkingGroup, pk=pk))


@login_required
@permission_required("activity.add_groupvisit", raise_exception=True)
def group_visit_new(request, pk):
    group = get_object_or_404(WorkingGroup, pk=pk)
    form = GroupVisitForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_visit_log(group=group, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("activity:group_detail", group.pk)
    return render(
        request,
        "activity/form.html",
        {
            "form": form,
            "title": _("Log a visit of %(group)s") % {"group": group.name},
            "back": reverse("activity:group_detail", args=[group.pk]),
        },
    )
