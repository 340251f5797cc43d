"""The commune's pages that read: following at commune level (the overview), its coverage, its
Party cells, its members, a hamlet's history. The commune account reaches its own at /levels/;
staff and leaders any commune's, by its id."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Commune
from core import text
from core.access import record_access, record_list_access
from core.listing import PAGE_SIZE
from core.models import PersonalDataAccess
from core.params import text_param
from core.ratio import Ratio

from ..figures import commune_coverage
from ..models import CommuneMember, Hamlet, HamletAssignment, PartyCell
from .common import commune_for, may_keep, own_commune, reader, visible


def _commune_page(request, commune):
    day = timezone.localdate()
    cov = commune_coverage(commune, day)
    rows = [(h, cov.current.get(h.pk), h.is_valid_on(day)) for h in cov.hamlets]
    # The page names who follows each hamlet: a reading of those people's data.
    record_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        action=PersonalDataAccess.Action.VIEW,
        obj=commune,
        label=_("Following at commune level: %(commune)s") % {"commune": commune.name},
    )
    return render(
        request,
        "hamlets/overview.html",
        {
            "commune": commune,
            "cov": cov,
            "rows": rows,
            "can_keep": may_keep(request.user),
            "is_own": own_commune(request.user) is not None,
            "cells": PartyCell.objects.filter(commune=commune).count(),
            "members": CommuneMember.objects.filter(commune=commune).serving_on(day).count(),
        },
    )


def _count(queryset):
    return Coalesce(
        Subquery(queryset.values("commune").annotate(n=Count("pk")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


@reader
def home(request):
    """A commune account: its own overview. Staff and leaders: the communes, to pick one."""
    own = own_commune(request.user)
    if own is not None:
        return _commune_page(request, own)
    day = timezone.localdate()
    q = text_param(request, "q", max_length=100)
    hamlets = Hamlet.objects.valid_on(day).filter(commune=OuterRef("pk"))
    followed = hamlets.filter(
        Q(assignments__start_date__lte=day),
        Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=day),
    )
    communes = (
        Commune.objects.valid_on(day)
        .select_related("province")
        .annotate(hamlet_count=_count(hamlets), followed_count=_count(followed))
        .order_by("search_name")
    )
    if q:
        communes = communes.filter(search_name__contains=text.fold(q))
    page = Paginator(communes, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, Ratio(c.followed_count, c.hamlet_count)) for c in page.object_list]
    return render(
        request,
        "hamlets/communes.html",
        {
            "rows": rows,
            "page_obj": page,
            "total": page.paginator.count,
            "q": q,
            "base_query": f"q={q}" if q else "",
        },
    )


@reader
def commune_overview(request, commune_pk):
    return _commune_page(request, commune_for(request.user, commune_pk))


@reader
def coverage(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    cov = commune_coverage(commune, timezone.localdate())
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        label=_("Coverage at commune level: %(commune)s") % {"commune": commune.name},
        count=sum(len(items) for _m, items in cov.several) + len(cov.departed),
    )
    return render(
        request,
        "hamlets/coverage.html",
        {"commune": commune, "cov": cov, "can_keep": may_keep(request.user)},
    )


@reader
def cell_list(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    day = timezone.localdate()
    cells = PartyCell.objects.filter(commune=commune).annotate(
        hamlet_count=Count(
            "hamlets",
            filter=(Q(hamlets__valid_from__isnull=True) | Q(hamlets__valid_from__lte=day))
            & (Q(hamlets__valid_to__isnull=True) | Q(hamlets__valid_to__gte=day)),
        )
    )
    hamlets = defaultdict(list)
    for hamlet in Hamlet.objects.filter(commune=commune, cell__isnull=False).valid_on(day):
        hamlets[hamlet.cell_id].append(hamlet)
    return render(
        request,
        "hamlets/cell_list.html",
        {
            "commune": commune,
            "rows": [(c, hamlets.get(c.pk, [])) for c in cells],
            "can_keep": may_keep(request.user),
        },
    )


@reader
def member_list(request, commune_pk):
    commune = commune_for(request.user, commune_pk)
    day = timezone.localdate()
    members = list(CommuneMember.objects.filter(commune=commune))
    following = defaultdict(list)
    for assignment in (
        HamletAssignment.objects.active_on(day)
        .filter(member__commune=commune)
        .select_related("hamlet")
    ):
        following[assignment.member_id].append(assignment)
    # Law 91/2025/QH15: a list of people's data read is one entry, with its count.
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        label=_("Commune members of %(commune)s") % {"commune": commune.name},
        count=len(members),
    )
    serving = [m for m in members if not m.left_before(day)]
    left = [m for m in members if m.left_before(day)]
    return render(
        request,
        "hamlets/member_list.html",
        {
            "commune": commune,
            "serving": [(m, following.get(m.pk, [])) for m in serving],
            "left": [(m, following.get(m.pk, [])) for m in left],
            "can_keep": may_keep(request.user),
        },
    )


@reader
def hamlet_history(request, pk):
    """Every assignment of a hamlet, past and present."""
    hamlet = visible(request.user, Hamlet.objects.select_related("commune", "cell"), pk)
    assignments = list(hamlet.assignments.select_related("member").order_by("-start_date", "-pk"))
    record_list_access(
        request,
        kind=PersonalDataAccess.Kind.COMMUNE,
        label=_("Who has followed «%(hamlet)s» (%(commune)s)")
        % {"hamlet": hamlet.name, "commune": hamlet.commune.name},
        count=len(assignments),
    )
    day = timezone.localdate()
    return render(
        request,
        "hamlets/hamlet_history.html",
        {
            "hamlet": hamlet,
            "commune": hamlet.commune,
            "assignments": assignments,
            "current": next((a for a in assignments if a.is_active_on(day)), None),
            "in_force": hamlet.is_valid_on(day),
            "can_keep": may_keep(request.user),
        },
    )
