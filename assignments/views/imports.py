"""Workbook import in the browser: upload → preview with every bad row → confirm."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import XLSX_MIME
from core.imports import ImportFileError, template_bytes
from core.models import ImportUpload
from core.permissions import can

from ..forms import ImportUploadForm
from ..imports import IMPORT_SPECS, uploads

# The permission an import needs: adding rows of the kind it writes.
IMPORT_PERMISSIONS = {
    "communes": "assignments.add_commune",
    "agencies": "assignments.add_agency",
    "cadres": "assignments.add_cadre",
    "assignments": "assignments.add_assignment",
}


def _summary(result):
    return _("%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % {
        "rows": result.rows,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
    }


@can("assignments.add_commune")
def import_start(request):
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not request.user.has_perm(IMPORT_PERMISSIONS[kind]):
            raise Http404
        try:
            upload, result = uploads.import_preview(
                kind=kind, uploaded=form.cleaned_data["file"], user=request.user
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return render(
                request,
                "assignments/import_preview.html",
                {
                    "upload": upload,
                    "result": result,
                    "summary": _summary(result),
                    "spec": IMPORT_SPECS[kind],
                },
            )
    return render(request, "assignments/import_start.html", {"form": form, "specs": IMPORT_SPECS})


@require_POST
@can("assignments.add_commune")
def import_confirm(request, pk):
    upload = get_object_or_404(
        ImportUpload, pk=pk, uploaded_by=request.user, applied_at__isnull=True
    )
    try:
        result = uploads.import_confirm(upload=upload)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("registry:import_start")
    if not result.ok:
        # The data changed since the preview: show the new errors, write nothing.
        messages.error(request, _("Nothing was written: the file no longer passes the checks."))
        return render(
            request,
            "assignments/import_preview.html",
            {
                "upload": upload,
                "result": result,
                "summary": _summary(result),
                "spec": IMPORT_SPECS[upload.kind],
            },
        )
    messages.success(
        request,
        _("Imported «%(file)s». %(summary)s")
        % {"file": upload.original_name, "summary": _summary(result)},
    )
    target = {
        "communes": "registry:commune_list",
        "agencies": "registry:agency_list",
        "cadres": "registry:cadre_list",
        "assignments": "assignments:dashboard",
    }[upload.kind]
    return redirect(target)


@can("assignments.view_commune")
def import_template(request, kind):
    spec = IMPORT_SPECS.get(kind)
    if spec is None:
        raise Http404
    response = HttpResponse(template_bytes(spec), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
