"""The province's staff page for the centre (issue 19): choose a year, download its signed
snapshot (counts only), see the past exports and the public key the centre verifies them with."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.params import year_param
from core.permissions import can
from evaluations.models import EvaluationRound

from . import signing
from .export import export_years, snapshot_export
from .models import SnapshotExport
from .schema import SnapshotError

PERMISSION = "rollup.export_snapshot"


def _province_only():
    # The urls are not mounted in central mode; a misconfigured include still answers 404.
    if settings.CENTRAL:
        raise Http404


@can(PERMISSION)
def home(request):
    _province_only()
    years = export_years(timezone.localdate())
    year = year_param(request, default=years[0] if years else None)
    if years and year not in years:
        raise Http404
    key = signing.installation_key()
    return render(
        request,
        "rollup/export.html",
        {
            "years": years,
            "year": year,
            "has_round": year is not None and EvaluationRound.objects.filter(year=year).exists(),
            "exports": SnapshotExport.objects.select_related("created_by")[:50],
            "key_id": signing.key_id(key),
            "public_key": signing.public_key_pem(key),
        },
    )


@require_POST
@can(PERMISSION)
def export(request):
    _province_only()
    year = year_param(request, source="POST")
    if year is None:
        messages.error(request, _("Choose the year to send."))
        return redirect("snapshots:home")
    if year not in export_years(timezone.localdate()):
        messages.error(request, _("There are no figures for %(year)s to send.") % {"year": year})
        return redirect("snapshots:home")
    try:
        filename, content, _export = snapshot_export(year=year, user=request.user)
    except SnapshotError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('snapshots:home')}?year={year}")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@can(PERMISSION)
def public_key(request):
    _province_only()
    key = signing.installation_key()
    response = HttpResponse(signing.public_key_pem(key), content_type="application/x-pem-file")
    response["Content-Disposition"] = (
        f'attachment; filename="snapshot-public-key-{signing.key_id(key)}.pem"'
    )
    return response
