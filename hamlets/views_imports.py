"""Loading hamlets and commune members from a workbook in the browser: upload → preview with
every bad row → confirm, as the registry's imports (templates/assignments/import_*.html). Staff
import for the whole province, a commune account for its own commune; each sees only its own
uploads (404 for anyone else's). Only staff say what unknown values mean (kept for the whole
installation); a commune corrects its file instead."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assignments.forms import ImportUploadForm
from core.exports import xlsx_attachment
from core.imports import ImportFileError
from core.models import ImportUpload, ImportValueMapping
from core.permissions import can

from . import imports
from .imports import HAMLET_IMPORT_SPECS

# Staff and commune accounts hold it; leaders and cadres do not.
IMPORT_PERMISSION = "hamlets.keep_own_commune"
# Staff say what unknown values mean, for the whole installation.
MAP_PERMISSION = "hamlets.add_hamlet"


class HamletImportForm(ImportUploadForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of list"),
        choices=[(kind, spec.title) for kind, spec in HAMLET_IMPORT_SPECS.items()],
    )


def _summary(result):
    return _("%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % {
        "rows": result.rows,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
    }


def _scope(request):
    """The user's commune (a commune account), or None (staff: every commune)."""
    return imports.import_scope(request.user)


def _own_upload(request, pk, **conditions):
    """One of the user's own hamlet uploads (404 for anyone else's, and for other kinds)."""
    return get_object_or_404(
        ImportUpload,
        pk=pk,
        uploaded_by=request.user,
        kind__in=HAMLET_IMPORT_SPECS,
        **conditions,
    )


@can(IMPORT_PERMISSION)
def import_start(request):
    commune = _scope(request)
    form = HamletImportForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = imports.hamlet_import_preview(
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                user=request.user,
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("hamlet_imports:import_preview", upload.pk)
    waiting = (
        ImportUpload.objects.unconfirmed()
        .filter(uploaded_by=request.user, kind__in=HAMLET_IMPORT_SPECS)
        .order_by("-pk")
    )
    return render(
        request,
        "hamlets/import_start.html",
        {
            "form": form,
            "commune": commune,
            "specs": HAMLET_IMPORT_SPECS,
            "waiting": [(u, HAMLET_IMPORT_SPECS[u.kind].title) for u in waiting],
            "may_map": request.user.has_perm(MAP_PERMISSION),
            "max_rows": settings.IMPORT_BACKGROUND_ROWS,
        },
    )


@can(IMPORT_PERMISSION)
def import_preview(request, pk):
    """The upload's page: the preview (counts, unknown values for staff to map, every bad row),
    or why it was refused, or what was written."""
    upload = _own_upload(request, pk)
    spec = HAMLET_IMPORT_SPECS[upload.kind]
    result = upload.outcome()
    may_map = request.user.has_perm(MAP_PERMISSION)
    vocabularies = {c.key: c.vocabulary for c in spec.columns if c.vocabulary}
    unknown = [
        (index, value, vocabularies[value.column].choices)
        for index, value in enumerate(result.unknown_values if result else ())
        if value.column in vocabularies
    ]
    return render(
        request,
        "hamlets/import_preview.html",
        {
            "upload": upload,
            "result": result,
            "summary": _summary(result) if result else "",
            "spec": spec,
            "unknown": unknown,
            "may_map": may_map,
            "mapping_count": ImportValueMapping.objects.filter(kind=upload.kind).count()
            if may_map
            else 0,
        },
    )


@require_POST
@can(IMPORT_PERMISSION)
def import_confirm(request, pk):
    upload = _own_upload(request, pk, applied_at__isnull=True)
    result = upload.outcome()
    if upload.status != ImportUpload.Status.CHECKED:
        return redirect("hamlet_imports:import_preview", upload.pk)
    if not upload.file or not (result and result.ok):
        messages.error(
            request,
            _("Nothing was written: the file has errors. Correct them and upload it again."),
        )
        return redirect("hamlet_imports:import_preview", upload.pk)
    try:
        result = imports.hamlet_import_confirm(upload=upload)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("hamlet_imports:import_start")
    if result.written:
        messages.success(
            request,
            _("Imported «%(file)s». %(summary)s")
            % {"file": upload.original_name, "summary": _summary(result)},
        )
    else:
        # The data changed since the preview: the page shows the new errors, nothing written.
        messages.error(request, _("Nothing was written: the file no longer passes the checks."))
    return redirect("hamlet_imports:import_preview", upload.pk)


@require_POST
@can(IMPORT_PERMISSION)
def import_map(request, pk):
    """Staff say what the preview's unknown values mean: remembered for this installation, and
    the file is checked again with them. A commune account corrects its file instead (403)."""
    upload = _own_upload(request, pk, applied_at__isnull=True)
    if not request.user.has_perm(MAP_PERMISSION):
        raise PermissionDenied
    if upload.status != ImportUpload.Status.CHECKED:
        return redirect("hamlet_imports:import_preview", upload.pk)
    choices = {}
    for name, value in request.POST.items():
        index = name.removeprefix("value-")
        if name.startswith("value-") and index.isdigit() and value:
            choices[int(index)] = value
    remembered = imports.hamlet_import_values_map(upload=upload, choices=choices, user=request.user)
    if remembered:
        messages.success(
            request,
            _(
                "%(count)d value(s) remembered: they are read this way in the whole file and in "
                "every later import."
            )
            % {"count": remembered},
        )
    else:
        messages.warning(request, _("Choose what at least one of the values means."))
    return redirect("hamlet_imports:import_preview", upload.pk)


@can(IMPORT_PERMISSION)
def import_template(request, kind):
    """The blank workbook: staff's names the commune of each row, a commune's does not."""
    spec = HAMLET_IMPORT_SPECS.get(kind)
    if spec is None:
        raise Http404
    filename = "mau-nhap-thon-to-dan-pho.xlsx" if kind == "hamlets" else "mau-nhap-can-bo-xa.xlsx"
    return xlsx_attachment(filename, spec(user=request.user).template())
