"""The commune's pages that change something: hamlets, Party cells, members, assignments. The
view fetches through `visible_to` (404 for another commune's row), builds the form, calls the
service and redirects; a refusal shows beside the field it names, with what was typed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import record_access
from core.formats import ddmmyyyy
from core.models import PersonalDataAccess
from core.params import id_param

from .. import services
from ..forms import AssignmentEndForm, AssignmentForm, CellForm, HamletForm, MemberForm
from ..models import CommuneMember, Hamlet, HamletAssignment, PartyCell
from .common import commune_for, keeper, posted_id_in, refusal_to_form, visible


def _overview(commune):
    return reverse("hamlets:commune", kwargs={"commune_pk": commune.pk})


def _form_page(request, form, *, commune, title, back, template="hamlets/form.html", **extra):
    return render(
        request,
        template,
        {"form": form, "commune": commune, "title": title, "back": back, **extra},
    )


# --- Hamlets ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@keeper
def hamlet_new(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    if request.method == "POST":
        posted_id_in(request, "cell", PartyCell.objects.filter(commune=commune))
    form = HamletForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        hamlet = refusal_to_form(
            form,
            lambda: services.hamlet_create(commune=commune, user=request.user, **form.cleaned_data),
        )
        if hamlet:
            messages.success(request, _("«%(hamlet)s» was added.") % {"hamlet": hamlet.name})
            return redirect(_overview(commune))
    return _form_page(
        request, form, commune=commune, title=_("Add a hamlet"), back=_overview(commune)
    )


@require_http_methods(["GET", "POST"])
@keeper
def hamlet_edit(request, pk):
    hamlet = visible(request.user, Hamlet.objects.select_related("commune"), pk)
    commune = hamlet.commune
    if request.method == "POST":
        posted_id_in(request, "cell", PartyCell.objects.filter(commune=commune))
    form = HamletForm(request.POST or None, instance=hamlet, commune=commune)
    if request.method == "POST" and form.is_valid():
        saved = refusal_to_form(
            form,
            lambda: services.hamlet_update(hamlet=hamlet, user=request.user, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("«%(hamlet)s» was saved.") % {"hamlet": saved.name})
            return redirect(_overview(commune))
    return _form_page(
        request,
        form,
        commune=commune,
        title=_("Edit «%(hamlet)s»") % {"hamlet": hamlet.name},
        back=_overview(commune),
    )


# --- Party cells --------------------------------------------------------------------------------


def _cells(commune):
    return reverse("hamlets:cells", kwargs={"commune_pk": commune.pk})


@require_http_methods(["GET", "POST"])
@keeper
def cell_new(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    form = CellForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cell = refusal_to_form(
            form,
            lambda: services.cell_create(commune=commune, user=request.user, **form.cleaned_data),
        )
        if cell:
            messages.success(request, _("«%(cell)s» was added.") % {"cell": cell.name})
            return redirect(_cells(commune))
    return _form_page(
        request, form, commune=commune, title=_("Add a Party cell"), back=_cells(commune)
    )


@require_http_methods(["GET", "POST"])
@keeper
def cell_edit(request, pk):
    cell = visible(request.user, PartyCell.objects.select_related("commune"), pk)
    commune = cell.commune
    form = CellForm(request.POST or None, instance=cell)
    if request.method == "POST" and form.is_valid():
        saved = refusal_to_form(
            form,
            lambda: services.cell_update(cell=cell, user=request.user, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("«%(cell)s» was saved.") % {"cell": saved.name})
            return redirect(_cells(commune))
    return _form_page(
        request,
        form,
        commune=commune,
        title=_("Edit «%(cell)s»") % {"cell": cell.name},
        back=_cells(commune),
    )


# --- Members ------------------------------------------------------------------------------------


def _members(commune):
    return reverse("hamlets:members", kwargs={"commune_pk": commune.pk})


@require_http_methods(["GET", "POST"])
@keeper
def member_new(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = refusal_to_form(
            form,
            lambda: services.member_create(commune=commune, user=request.user, **form.cleaned_data),
        )
        if member:
            messages.success(request, _("%(member)s was added.") % {"member": member.full_name})
            return redirect(_members(commune))
    return _form_page(
        request, form, commune=commune, title=_("Add a commune member"), back=_members(commune)
    )


@require_http_methods(["GET", "POST"])
@keeper
def member_edit(request, pk):
    member = visible(request.user, CommuneMember.objects.select_related("commune"), pk)
    commune = member.commune
    name = member.full_name
    if request.method == "GET":
        record_access(
            request,
            kind=PersonalDataAccess.Kind.COMMUNE,
            action=PersonalDataAccess.Action.EDIT,
            obj=member,
            label=f"{member.full_name} — {commune.name}",
        )
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        saved = refusal_to_form(
            form,
            lambda: services.member_update(member=member, user=request.user, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("%(member)s was saved.") % {"member": saved.full_name})
            day = timezone.localdate()
            still = HamletAssignment.objects.filter(member=saved).active_on(day)
            if saved.left_before(day) and still.exists():
                messages.warning(
                    request,
                    _(
                        "%(member)s has left but still follows a hamlet: end the assignment or "
                        "assign someone else."
                    )
                    % {"member": saved.full_name},
                )
                return redirect("hamlets:coverage", commune_pk=commune.pk)
            return redirect(_members(commune))
    return _form_page(
        request,
        form,
        commune=commune,
        title=_("Edit %(member)s") % {"member": name},
        back=_members(commune),
    )


# --- Assignments --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@keeper
def assignment_new(request, commune_pk):
    """A member follows a hamlet, by the commune committee's decision. ?hamlet= and ?member=
    choose them beforehand (links from the overview and the member list)."""
    commune = commune_for(request.user, commune_pk)
    hamlets = Hamlet.objects.filter(commune=commune)
    members = CommuneMember.objects.filter(commune=commune)
    initial = {}
    for name, rows in (("hamlet", hamlets), ("member", members)):
        wanted = id_param(request, name)
        if wanted is not None:
            initial[name] = visible(request.user, rows, wanted).pk
    if request.method == "POST":
        posted_id_in(request, "hamlet", hamlets)
        posted_id_in(request, "member", members)
    day = timezone.localdate()
    form = AssignmentForm(request.POST or None, commune=commune, day=day, initial=initial)
    if request.method == "POST" and form.is_valid():
        assignment = refusal_to_form(
            form,
            lambda: services.assignment_create(user=request.user, **form.cleaned_data),
        )
        if assignment:
            messages.success(
                request,
                _("%(member)s now follows «%(hamlet)s» from %(start)s.")
                % {
                    "member": assignment.member.full_name,
                    "hamlet": assignment.hamlet.name,
                    "start": ddmmyyyy(assignment.start_date),
                },
            )
            return redirect(_overview(commune))
    return _form_page(
        request,
        form,
        commune=commune,
        title=_("Assign a member to follow a hamlet"),
        back=_overview(commune),
        template="hamlets/assignment_form.html",
    )


@require_http_methods(["GET", "POST"])
@keeper
def assignment_end(request, pk):
    assignment = visible(
        request.user, HamletAssignment.objects.select_related("member", "hamlet__commune"), pk
    )
    commune = assignment.hamlet.commune
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = refusal_to_form(
            form,
            lambda: services.assignment_end(
                assignment=assignment, user=request.user, **form.cleaned_data
            ),
        )
        if ended:
            messages.success(
                request,
                _("The assignment of %(member)s to «%(hamlet)s» ended.")
                % {"member": ended.member.full_name, "hamlet": ended.hamlet.name},
            )
            return redirect("hamlets:hamlet", pk=ended.hamlet_id)
    return _form_page(
        request,
        form,
        commune=commune,
        title=_("End the assignment of %(member)s") % {"member": assignment.member.full_name},
        back=reverse("hamlets:hamlet", kwargs={"pk": assignment.hamlet_id}),
        assignment=assignment,
    )
