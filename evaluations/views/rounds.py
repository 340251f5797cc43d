"""Staff and leader pages of a round: prepare, open, follow completeness, chase the missing."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assignments.exports import commune_cells, commune_columns
from assignments.models import Commune, year_has_districts
from core.broker import send_once
from core.exports import Column, Sheet, xlsx_response
from core.listing import PAGE_SIZE
from core.params import id_param, text_param
from core.permissions import can

from .. import services, tasks
from ..figures import completeness, contact_columns, missing_communes, owing_communes
from ..forms import CriterionFormSet, ExtensionForm, ReasonForm, RoundForm
from ..models import MIN_DAYS_IN_YEAR, EvaluationForm, EvaluationRound, LeftOutPair


@can("evaluations.view_evaluationround")
def round_list(request):
    rounds = [(r, completeness(r) if r.opened_at else None) for r in EvaluationRound.objects.all()]
    return render(request, "evaluations/round_list.html", {"rounds": rounds})


@can("evaluations.add_evaluationround")
def round_new(request):
    year = timezone.localdate().year
    form = RoundForm(
        request.POST or None,
        initial={
            "year": year,
            "opens_on": date(year, 11, 15),
            "deadline": date(year, 12, 15),
            "min_days": MIN_DAYS_IN_YEAR,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.round_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Round %(year)s created; check its criteria, then open it.") % {"year": new.year},
            )
            return redirect("evaluations:round", year=new.year)
    return render(
        request, "evaluations/round_form.html", {"form": form, "title": _("New evaluation round")}
    )


@can("evaluations.view_evaluationround")
def round_detail(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year)
    context = {"round": evaluation_round, "criteria": evaluation_round.criteria.all()}
    if evaluation_round.opened_at:
        status = request.GET.get("status", "")
        forms = (
            EvaluationForm.objects.filter(round=evaluation_round)
            .select_related("commune__district", "cadre__agency")
            .order_by("commune__search_name", "cadre__search_name")
        )
        if status in EvaluationForm.Status.values:
            forms = forms.expected().filter(status=status)
        elif status == "dropped":
            forms = forms.filter(dropped_at__isnull=False)
        page = Paginator(forms, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            {
                "done": completeness(evaluation_round),
                "page_obj": page,
                "rows": page.object_list,
                "status": status,
                "statuses": EvaluationForm.Status.choices,
                "base_query": f"status={status}" if status else "",
                "total": page.paginator.count,
                "missing": missing_communes(evaluation_round, limit=10),
                **_shortened(
                    request,
                    "left_out",
                    evaluation_round.left_out.select_related("commune", "cadre__agency"),
                ),
                **_shortened(
                    request,
                    "extensions",
                    evaluation_round.extensions.select_related("commune").order_by(
                        "commune__search_name"
                    ),
                ),
                "reason_form": ReasonForm(prefix="add"),
                "reminders": evaluation_round.reminders.select_related("commune")[:10],
            }
        )
    return render(request, "evaluations/round_detail.html", context)


# The round page lists this many left-out pairs and extensions; ?<name>=all lists them all.
SHORT_LIST = 10


def _shortened(request, name, rows):
    """{name: the first SHORT_LIST rows, or all with ?<name>=all; name_total: how many}: a
    province of thousands of communes may leave out hundreds of pairs, which the round page,
    watched all deadline week, does not load unless asked."""
    total = rows.count()
    whole = request.GET.get(name) == "all"
    return {name: rows if whole else rows[:SHORT_LIST], f"{name}_total": total}


def _round_communes(evaluation_round):
    return Commune.objects.filter(forms__round=evaluation_round).distinct().order_by("search_name")


@can("evaluations.change_evaluationround")
def round_edit(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year)
    form = RoundForm(request.POST or None, instance=evaluation_round)
    if evaluation_round.opened_at:
        form.fields["year"].disabled = True
        form.fields["min_days"].disabled = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("evaluations:round", year=evaluation_round.year)
    return render(
        request,
        "evaluations/round_form.html",
        {"form": form, "title": _("Round %(year)s") % {"year": year}},
    )


@can("evaluations.change_evaluationround")
def criteria_edit(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year)
    if evaluation_round.criteria_frozen:
        messages.error(request, _("The criteria of an open round cannot change."))
        return redirect("evaluations:round", year=year)
    initial = [
        {"title": c.title, "guidance": c.guidance, "asks_count": c.asks_count}
        for c in evaluation_round.criteria.all()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="c")
    if request.method == "POST" and formset.is_valid():
        items = [
            (
                f.cleaned_data.get("title", ""),
                f.cleaned_data.get("guidance", ""),
                f.cleaned_data.get("asks_count", False),
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.criteria_replace(evaluation_round=evaluation_round, items=items)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Criteria saved."))
            return redirect("evaluations:round", year=year)
    return render(
        request, "evaluations/criteria_form.html", {"round": evaluation_round, "formset": formset}
    )


@require_POST
@can("evaluations.change_evaluationround")
def round_open(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year)
    try:
        services.round_open(evaluation_round=evaluation_round, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Round %(year)s is open: %(count)d forms are expected.")
            % {"year": year, "count": evaluation_round.forms.count()},
        )
    return redirect("evaluations:round", year=year)


@require_POST
@can("evaluations.change_evaluationround")
def round_close(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year, opened_at__isnull=False)
    services.round_close(evaluation_round=evaluation_round, user=request.user)
    messages.success(request, _("Round %(year)s is closed.") % {"year": year})
    return redirect("evaluations:round", year=year)


@require_POST
@can("evaluations.change_evaluationround")
def round_remind(request, year):
    evaluation_round = get_object_or_404(EvaluationRound, year=year, opened_at__isnull=False)
    if send_once(tasks.send_reminders, evaluation_round.pk, manual=True):
        messages.success(
            request, _("Reminders are being sent to the communes still missing forms.")
        )
    else:
        messages.error(
            request,
            _(
                "The messaging service cannot be reached just now: no reminder was sent. "
                "Try again in a few minutes."
            ),
        )
    return redirect("evaluations:round", year=year)


@require_http_methods(["GET", "POST"])
@can("evaluations.change_evaluationround")
def round_extend(request, year):
    """Extend the deadline for one commune: its own page, so the round page watched all deadline
    week does not list every commune, and a refused entry comes back as typed."""
    evaluation_round = get_object_or_404(EvaluationRound, year=year, opened_at__isnull=False)
    form = ExtensionForm(
        request.POST or None,
        prefix="ext",
        communes=_round_communes(evaluation_round),
        initial={"commune": id_param(request, "commune")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_extend(
                evaluation_round=evaluation_round, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Deadline extended for «%(commune)s».")
                % {"commune": form.cleaned_data["commune"].name},
            )
            return redirect("evaluations:round", year=year)
    return render(
        request, "evaluations/round_extend.html", {"round": evaluation_round, "form": form}
    )


@require_POST
@can("evaluations.change_evaluationround")
def left_out_add(request, pk):
    left_out = get_object_or_404(LeftOutPair.objects.select_related("round"), pk=pk)
    form = ReasonForm(request.POST, prefix="add")
    if form.is_valid():
        services.expected_add(
            left_out=left_out, reason=form.cleaned_data["reason"], user=request.user
        )
        messages.success(request, _("The form is now expected."))
    else:
        messages.error(request, _("Give the reason for adding this form."))
    return redirect("evaluations:round", year=left_out.round.year)


@can("evaluations.view_evaluationround")
def missing_list(request, year):
    """The communes still missing forms, to chase them and to print for the Standing Board.

    On screen a page at a time, with a search (a commune, a district, a code); `?all=1` is the
    whole list (as searched) to print, and the Excel file is always the whole list, so what
    goes to the Standing Board never stops at the first page. At 3,320 communes the unpaged
    list was one page of 321 KB, loaded by whoever only wanted to call the next commune.
    """
    evaluation_round = get_object_or_404(EvaluationRound, year=year, opened_at__isnull=False)
    communes = owing_communes(evaluation_round)
    query = text_param(request, "q")
    if query:
        communes = communes.search(query)
    if request.GET.get("format") == "xlsx":
        rows = missing_communes(evaluation_round, communes=communes)
        districts = year_has_districts(year)  # no "Huyện" on the map from 1/7/2025
        sheet = Sheet(
            _("Missing forms"),
            [
                Column.integer("STT", 6),
                *commune_columns(districts=districts),
                Column.text("Bí thư", 24),
                Column.text("Điện thoại", 14),
                Column.text("Email", 28),
                Column.integer("Phiếu còn thiếu", total=True),
                Column.integer("Phiếu phải nộp", total=True),
                Column.date("Hạn nộp"),
            ],
            (
                (
                    n,
                    *commune_cells(r.commune, districts=districts),
                    r.commune.secretary_name,
                    r.commune.phone,
                    r.commune.email or r.accounts_email,
                    r.missing,
                    r.expected,
                    r.deadline,
                )
                for n, r in enumerate(rows, start=1)
            ),
            empty=(
                _("No commune matches «%(q)s».") % {"q": query}
                if query
                else _("No commune still owes a form.")
            ),
        )
        return xlsx_response(f"xa-chua-nop-phieu-{year}.xlsx", [sheet])
    base_query = urlencode({"q": query}) if query else ""
    context = {
        "round": evaluation_round,
        "done": completeness(evaluation_round),
        "today": timezone.localdate(),
        "q": query,
        "base_query": base_query,
    }
    if request.GET.get("all") == "1":
        rows = missing_communes(evaluation_round, communes=communes)
        context.update({"rows": rows, "first": 1, "total": len(rows), "whole": True})
    else:
        page = Paginator(communes, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            {
                "rows": missing_communes(evaluation_round, communes=page.object_list),
                "page_obj": page,
                "first": page.start_index(),
                "total": page.paginator.count,
                "whole": False,
            }
        )
    context["contacts"] = contact_columns(context["rows"])
    return render(request, "evaluations/missing_list.html", context)
