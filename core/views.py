from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.roles import Role
from reports.figures.coverage import registry_totals

from .models import WorkerHeartbeat


@login_required
def home(request):
    """Each role lands on its own page."""
    role = request.user.role
    if role == Role.COMMUNE:
        return redirect("evaluations:home")
    if role == Role.CADRE:
        return redirect("activity:home")
    if role in {Role.STAFF, Role.LEADER, "superuser"}:
        context = registry_totals()
        context["heading"] = (
            _("Overview for leaders")
            if role == Role.LEADER
            else _("Organization Department workspace")
        )
        return render(request, "core/home.html", context)
    return render(request, "core/home_norole.html", status=403)


@never_cache
def healthz(request):
    """For the load balancer and the operator: is the database reachable, when did a worker
    last run the heartbeat task."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return JsonResponse({"database": "ok", "worker_seen_at": last.isoformat() if last else None})
