"""The evaluation form: the commune fills it in; staff review it (accept, return); leaders read.

Every URL that names a form goes through `_get_form_for_user`: a commune account sees only its
own commune's forms, anyone else's form answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from activity.figures import logged_for_form
from activity.models import Visit
from core.access import client_ip, record_access
from core.models import PersonalDataAccess
from core.prepared import Prepared
from core.templatetags.fields import _StockWidgetRenderer as StockWidgetRenderer

from .. import services
from ..figures import stated_and_logged
from ..forms import EvaluationFormForm, ReasonForm, ReturnForm
from ..models import EvaluationForm, EvaluationRound, Reminder
from ..todo import commune_todo


def _log(request, form_row, action):
    if request.method == "GET":
        record_access(
            request,
            kind=PersonalDataAccess.Kind.FORM,
            action=action,
            obj=form_row,
            label=f"{form_row.cadre.full_name} — {form_row.commune.name} ({form_row.round.year})",
        )


# What no page of a form shows of the rows it reads with it (search keys, contact details,
# dates of birth): left out of the one query that loads a form with its commune and cadre, on
# every request of the commune's submit flow (issue 16).
_UNSHOWN = (
    "commune__search_name",
    "commune__phone",
    "commune__email",
    "commune__district__search_name",
    "commune__province__search_name",
    "commune__province__valid_from",
    "commune__province__valid_to",
    "cadre__search_name",
    "cadre__name_key",
    "cadre__date_of_birth",
    "cadre__gender",
    "cadre__phone",
    "cadre__email",
    "cadre__status_changed_on",
    "cadre__agency__search_name",
    "cadre__agency__key",
    "cadre__agency__leader_quota",
)


# A form with what its pages show, among the forms one scope may open (visible_to): compiled
# once per scope's kind, run with the scope's id and the form's (core.prepared, issue 16).
_FORM_PAGE = Prepared(
    EvaluationForm,
    lambda kind, owner, pk: (
        EvaluationForm.objects.in_scope(kind, owner)
        .select_related("round", "commune__district", "commune__province", "cadre__agency")
        .defer(*_UNSHOWN)
        .with_deadline()
        .filter(pk=pk)
    ),
    "owner",
    "pk",
)


def _get_form_for_user(request, pk):
    """The form, if `request.user` may open it (EvaluationForm.objects.visible_to); else 404."""
    kind, owner = EvaluationForm.objects.scope_of(request.user)
    try:
        return _FORM_PAGE.get(kind, owner=owner, pk=pk)
    except EvaluationForm.DoesNotExist:
        raise Http404 from None


# What the commune's home shows of each form (the cadre, the period, the state, the button).
_LISTED = (
    "round",
    "commune_id",
    "cadre__full_name",
    "cadre__position",
    "cadre__agency_id",
    "cadre__commune_id",
    "cadre__agency__name",
    "period_start",
    "period_end",
    "status",
    "dropped_at",
    "submitted_at",
    "submitted_late",
)


# The commune's forms as its home lists them (the list shows each form's state and cadre, not
# its answers), compiled once (core.prepared).
_HOME_FORMS = Prepared(
    EvaluationForm,
    lambda kind, owner: (
        EvaluationForm.objects.in_scope(kind, owner)
        .select_related("round", "cadre__agency")
        .only(*_LISTED)
        .with_deadline()
        .order_by("-round__year", "cadre__search_name")
    ),
    "owner",
)


# The commune's reminders, every round's (a few a round): its home shows them under the rounds
# it lists. Compiled once (core.prepared), as are the visits waiting for it to confirm.
_REMINDERS = Prepared(
    Reminder, lambda kind, commune: Reminder.objects.filter(commune_id=commune), "commune"
)
_PENDING_VISITS = Prepared(
    Visit,
    lambda kind, owner: Visit.objects.in_scope(kind, owner).to_confirm().select_related("cadre"),
    "owner",
)


@login_required
def home(request):
    """A commune's forms; staff and leaders go to the rounds."""
    if request.user.role != Role.COMMUNE:
        return redirect("evaluations:rounds")
    return _home_page(request)


def _home_page(request):
    """The commune's home: its forms by round, its to-do, the visits it has to confirm."""
    commune_id = request.user.commune_id
    kind, owner = EvaluationForm.objects.scope_of(request.user)
    forms = _HOME_FORMS.all(kind, owner=owner)
    rounds = {}
    for form in forms:
        rounds.setdefault(form.round, []).append(form)
    # Only this commune's reminders: in deadline week a round holds one per commune and stage.
    reminders = {}
    for reminder in _REMINDERS.all(commune=commune_id):
        reminders.setdefault(reminder.round_id, []).append(reminder)
    visits_kind, visits_owner = Visit.objects.scope_of(request.user)
    pending = _PENDING_VISITS.all(visits_kind, owner=visits_owner)
    return render(
        request,
        "evaluations/commune_home.html",
        {
            # The commune's deadline is the same on each of its forms of a round.
            "rounds": [
                (r, items, items[0].deadline, reminders.get(r.pk, []))
                for r, items in rounds.items()
            ],
            "commune": request.user.commune,
            "pending_visits": pending,
            "todo": commune_todo(
                commune_id, timezone.localdate(), forms=forms, visits_pending=len(pending)
            ),
            "page_url": reverse("evaluations:home"),
        },
    )


@login_required
def mine(request):
    """A cadre's own evaluations: the forms of closed rounds that the communes sent."""
    if request.user.role != Role.CADRE:
        raise Http404
    forms = (
        EvaluationForm.objects.visible_to(request.user)
        .select_related("round", "commune")
        .order_by("-round__year", "commune__search_name")
    )
    return render(request, "evaluations/mine.html", {"forms": forms})


@login_required
def form_detail(request, pk):
    form_row = _get_form_for_user(request, pk)
    if (
        request.user.role == Role.COMMUNE
        and form_row.editable_by_commune
        and form_row.round.is_open
    ):
        _log(request, form_row, PersonalDataAccess.Action.EDIT)
        return _commune_edit(request, form_row)
    _log(request, form_row, PersonalDataAccess.Action.VIEW)
    if request.method == "POST" and "submit" in request.POST and form_row.is_received:
        # A second click on "submit" after the first went through: the form is in, once.
        messages.info(request, _("This form has already been submitted."))
        return redirect("evaluations:home")
    return _review(request, form_row)


def _context(form_row, criteria=None, logged=True):
    """What every page of one form shows; `logged=False` for a page that does not show the
    cadre's logged visits (one query fewer)."""
    if criteria is None:
        criteria = form_row.round.criteria_in_order()
    # A form not sent yet was never returned: no need to look for the return.
    not_sent = form_row.status in EvaluationForm.NOT_SENT
    returned = None if not_sent else services.last_return(form_row)
    return {
        "form_row": form_row,
        "criteria": criteria,
        "answers": [(c, form_row.answer(c.pk, "comment")) for c in criteria],
        "deadline": form_row.deadline,
        "returned": returned,
        "logged": logged_for_form(form_row) if logged else None,
        "notes": returned.criterion_comments if returned else {},
        "events": form_row.events.select_related("by")[:20],
    }


@login_required
def form_staff_edit(request, pk):
    """Staff type in a form on the commune's behalf (e.g. one that arrived on paper)."""
    form_row = _staff_form(request, pk)
    _log(request, form_row, PersonalDataAccess.Action.EDIT)
    return _commune_edit(request, form_row, as_staff=True)


def _commune_edit(request, form_row, as_staff=False):
    """The form being filled in: "Save draft" saves and shows it again; "Review and submit"
    checks it, saves it as a draft and shows the confirmation step (?confirm=1); only its
    "Submit" sends it."""
    criteria = form_row.round.criteria_in_order()
    if request.method == "GET" and request.GET.get("confirm"):
        return _confirm(request, form_row, criteria, as_staff)
    form = EvaluationFormForm(request.POST or None, criteria=criteria, instance=form_row)
    action = next((a for a in ("submit", "review") if a in request.POST), "save")
    if request.method == "POST" and form.is_valid():
        arguments = {
            "form": form_row,
            "data": form.data_for_service(),
            "version": form.cleaned_data["version"],
            "user": request.user,
            "ip": client_ip(request),
            "as_staff": as_staff,
            "criteria": criteria,
        }
        try:
            if action == "review":
                saved = services.form_review(**arguments)
            else:
                saved = services.form_save(**arguments, submit=action == "submit")
        except services.StaleForm:
            form_row.refresh_from_db()
            if action == "review" and form_row.holds(arguments["data"]):
                # The same review sent again (its confirmation page reloaded): confirm again.
                return _confirm(request, form_row, criteria, as_staff)
            if action == "save" and form_row.holds(arguments["data"]):
                # The same save sent again (the page reloaded after saving): nothing to lose.
                form = EvaluationFormForm(criteria=criteria, instance=form_row)
                messages.success(request, _("Draft saved."))
            else:
                form.add_error(
                    None,
                    _(
                        "Someone else saved this form after you opened it. Your text is still "
                        "below, not saved: copy what you need, then reload the page to see their "
                        "version."
                    ),
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            if action == "review":
                # The confirmation answers the review itself: no redirect and second request
                # for it (issue 16). The page gives its own address (?confirm=1) to the address
                # bar, so a reload asks for the confirmation, not the review again.
                return _confirm(request, saved, criteria, as_staff, checked=True)
            if action == "submit":
                return _after_submit(request, form_row, as_staff)
            # A draft saved answers with the form as saved (its new version), not a redirect
            # and a second request for the same page.
            form_row = saved
            form = EvaluationFormForm(criteria=criteria, instance=form_row)
            messages.success(request, _("Draft saved."))
    # The page's other contents only when it is shown (not for a save that redirects).
    context = _context(form_row, criteria)
    return render(
        request,
        "evaluations/form_edit.html",
        {**context, "form": form, "as_staff": as_staff, "action": action},
    )


def _edit_url(form_row, as_staff):
    return reverse("evaluations:staff_edit" if as_staff else "evaluations:form", args=[form_row.pk])


def _after_submit(request, form_row, as_staff):
    if as_staff:
        messages.success(request, _("The form was entered and submitted on the commune's behalf."))
        return redirect("evaluations:form", pk=form_row.pk)
    messages.success(
        request, _("The form was submitted to the Organization Department. Thank you.")
    )
    # The commune's home answers the submission (its forms, this one now sent, and the thank
    # you), under the home's own address: no redirect and second request in deadline week. A
    # reload sends nothing twice: the home's address replaces the form's in the address bar,
    # and without scripts the repeated POST finds the form in and says so (form_detail).
    return _home_page(request)


def _confirm(request, form_row, criteria, as_staff, checked=False):
    """The confirmation step: the form as saved, what happens once it is sent, and "Submit"
    posting it once more (hidden fields) with "Back to editing". A form that cannot be sent
    (something missing, the deadline passed) goes back to editing with its errors; `checked`
    when the review that answers with this page has just checked it."""
    errors = (
        None
        if checked
        else services.form_ready_errors(form_row, as_staff=as_staff, criteria=criteria)
    )
    if errors:
        messages.error(
            request,
            errors.get(NON_FIELD_ERRORS)
            or _("The form is not complete yet: fill in the fields marked *, then send it."),
        )
        return redirect(_edit_url(form_row, as_staff))
    # No line on the logged visits: it asks for the commune's own count, a thing to edit.
    context = _context(form_row, criteria, logged=False)
    form = EvaluationFormForm(criteria=criteria, instance=form_row)
    # Its fields go back as hidden inputs, each an <input> that the form's renderer would
    # otherwise render through Django's widget template: written in Python, the same HTML.
    form.renderer = StockWidgetRenderer(form.renderer)
    return render(
        request,
        "evaluations/form_confirm.html",
        {
            **context,
            "form": form,
            "as_staff": as_staff,
            "edit_url": _edit_url(form_row, as_staff),
            "page_url": f"{_edit_url(form_row, as_staff)}?confirm=1",
        },
    )


def _can_review(user):
    """Staff review forms (accept, return, fill in, drop); a commune account never does."""
    return user.has_perm("evaluations.change_evaluationform") and user.role != Role.COMMUNE


def _review(request, form_row):
    # The header's line on the cadre's logged visits asks the commune to state its count;
    # a reader who is not the commune sees both counts side by side instead.
    context = _context(form_row, logged=request.user.role == Role.COMMUNE)
    if request.user.role not in (Role.COMMUNE, Role.CADRE):
        context["compare"] = stated_and_logged(form_row)
    context["can_review"] = _can_review(request.user)
    if context["can_review"]:
        context["return_form"] = ReturnForm(criteria=context["criteria"], prefix="ret")
        context["drop_form"] = ReasonForm(prefix="drop")
        context["changes"] = (
            services.changes_since_return(form_row, context["criteria"])
            if form_row.status == EvaluationForm.Status.SUBMITTED
            else []
        )
    return render(request, "evaluations/form_read.html", context)


@login_required
def form_print(request, pk):
    form_row = _get_form_for_user(request, pk)
    _log(request, form_row, PersonalDataAccess.Action.PRINT)
    from ..models import Level

    return render(
        request, "evaluations/form_print.html", {**_context(form_row), "levels": Level.choices}
    )


def _staff_form(request, pk):
    form_row = _get_form_for_user(request, pk)  # another commune's form: 404 first
    if not _can_review(request.user):
        raise PermissionDenied
    return form_row


@require_POST
@login_required
def form_accept(request, pk):
    form_row = _staff_form(request, pk)
    try:
        services.form_accept(form=form_row, user=request.user)
        messages.success(request, _("Form accepted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluations:form", pk=pk)


@require_POST
@login_required
def form_return(request, pk):
    form_row = _staff_form(request, pk)
    criteria = form_row.round.criteria_in_order()
    form = ReturnForm(request.POST, criteria=criteria, prefix="ret")
    if form.is_valid():
        try:
            services.form_return(
                form=form_row,
                message=form.cleaned_data["message"],
                criterion_comments=form.criterion_comments(),
                user=request.user,
            )
            messages.success(request, _("Form returned to the commune for correction."))
            return redirect("evaluations:form", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Say what needs correcting."))
    return redirect("evaluations:form", pk=pk)


@require_POST
@login_required
def form_drop(request, pk):
    form_row = _staff_form(request, pk)
    form = ReasonForm(request.POST, prefix="drop")
    if form.is_valid():
        try:
            services.expected_drop(
                form=form_row, reason=form.cleaned_data["reason"], user=request.user
            )
            messages.success(request, _("The form is no longer expected."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give the reason for dropping this form."))
    return redirect("evaluations:round", year=form_row.round.year)


def current_round():
    return EvaluationRound.objects.open().first()
