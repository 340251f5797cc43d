"""Tài khoản Đảng ủy xã: staff make the accounts of the communes of a round (on the map of its
year: a 2024 round entered today names the communes before 1/7/2025), or of the communes in
force today, and issue a new password to one. The credentials sheet downloads at once: it is the
only place the generated passwords appear."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import commune_accounts_create, commune_password_reset, credentials_sheet
from assignments.models import Commune
from core.exports import xlsx_attachment
from core.params import id_param, year_param
from core.permissions import can

from ..communes import round_communes
from ..models import EvaluationRound

# ?round=current: the communes in force today, whatever the rounds (accounts for the year's
# visits and hamlets before any round exists).
CURRENT = "current"


def _chosen_round(request, rounds):
    """The round picked by ?round=YEAR; None for ?round=current; without it the open round,
    else the latest, else None. A malformed value answers 400, a year with no round 404."""
    value = request.GET.get("round", "")
    if value == CURRENT:
        return None
    if not value:
        open_rounds = [r for r in rounds if r.is_open]
        return (open_rounds or rounds or [None])[0]
    year = year_param(request, "round")
    for evaluation_round in rounds:
        if evaluation_round.year == year:
            return evaluation_round
    raise Http404


def _credentials_response(rows, name):
    response = xlsx_attachment(name, credentials_sheet(rows))
    response["Cache-Control"] = "no-store"  # passwords: no copy in any cache
    return response


@can("accounts.manage_commune_accounts")
def commune_accounts(request):
    rounds = list(EvaluationRound.objects.order_by("-year"))
    evaluation_round = _chosen_round(request, rounds)
    today = timezone.localdate()
    if evaluation_round:
        communes = round_communes(evaluation_round)
        key = str(evaluation_round.year)
    else:
        communes = Commune.objects.valid_on(today)
        key = CURRENT
    if request.method == "POST":
        if "reset" in request.POST:
            commune = get_object_or_404(communes, pk=id_param(request, "reset", source="POST"))
            rows = [commune_password_reset(commune=commune)]
            return _credentials_response(rows, f"tai-khoan-{rows[0][1]}.xlsx")
        rows = commune_accounts_create(communes=communes)
        if not rows:
            messages.info(request, _("Every commune already has an account."))
            return redirect(f"{reverse('evaluations:commune_accounts')}?round={key}")
        stamp = evaluation_round.year if evaluation_round else f"{today:%Y%m%d}"
        return _credentials_response(rows, f"tai-khoan-xa-{stamp}.xlsx")
    listed = (
        communes.select_related("district", "province")
        .prefetch_related("accounts")
        .order_by("province__search_name", "district__search_name", "search_name", "pk")
    )
    page = Paginator(listed, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/commune_accounts.html",
        {
            "rounds": rounds,
            "round": evaluation_round,
            "key": key,
            "current": CURRENT,
            "today": today,
            "page_obj": page,
            "rows": [(c, next(iter(c.accounts.all()), None)) for c in page.object_list],
            "total": page.paginator.count,
            "missing": communes.filter(accounts__isnull=True).count(),
            "with_districts": communes.filter(district__isnull=False).exists(),
            "base_query": f"round={key}",
        },
    )
