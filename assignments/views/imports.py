"""Workbook import in the browser: upload → preview with every bad row and every unknown value
→ confirm. A large workbook is checked and written by the task queue; its page shows the
progress and turns into the preview (or the list written) when the task is done."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import xlsx_attachment
from core.imports import ImportFileError, template_bytes
from core.models import ImportUpload, ImportValueMapping
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
# Where a written import lands: the list it fills.
IMPORT_TARGETS = {
    "communes": "registry:commune_list",
    "agencies": "registry:agency_list",
    "cadres": "registry:cadre_list",
    "assignments": "assignments:dashboard",
}


def _summary(result):
    return _("%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % {
        "rows": result.rows,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
    }


def _own_upload(request, pk, **conditions):
    """One of the user's own uploads of the registry's kinds (404 for anyone else's, and for
    an upload of another app's import, e.g. hamlets)."""
    return get_object_or_404(
        ImportUpload, pk=pk, uploaded_by=request.user, kind__in=list(IMPORT_SPECS), **conditions
    )


def _written(request, upload):
    """The message and the list a written import lands on."""
    messages.success(
        request,
        _("Imported «%(file)s». %(summary)s")
        % {"file": upload.original_name, "summary": _summary(upload.outcome())},
    )
    return reverse(IMPORT_TARGETS[upload.kind])


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
            upload = uploads.import_preview(
                kind=kind, uploaded=form.cleaned_data["file"], user=request.user
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry:import_preview", upload.pk)
    waiting = (
        ImportUpload.objects.unconfirmed()
        .filter(uploaded_by=request.user, kind__in=list(IMPORT_SPECS))
        .order_by("-pk")
    )
    return render(
        request,
        "assignments/import_start.html",
        {
            "form": form,
            "specs": IMPORT_SPECS,
            "waiting": [(u, IMPORT_SPECS[u.kind].title) for u in waiting if u.kind in IMPORT_SPECS],
            "mapping_count": ImportValueMapping.objects.count(),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "background_rows": settings.IMPORT_BACKGROUND_ROWS,
        },
    )


@can("assignments.add_commune")
def import_preview(request, pk):
    """The upload's page: its progress while the task queue works on it, then the preview
    (counts, unknown values to map, every bad row), or why it was refused, or what was written."""
    upload = _own_upload(request, pk)
    spec = IMPORT_SPECS[upload.kind]
    result = upload.outcome()
    vocabularies = {c.key: c.vocabulary for c in spec.columns if c.vocabulary}
    unknown = [
        (index, value, vocabularies[value.column].choices)
        for index, value in enumerate(result.unknown_values if result else ())
        if value.column in vocabularies
    ]
    return render(
        request,
        "assignments/import_preview.html",
        {
            "upload": upload,
            "result": result,
            "summary": _summary(result) if result else "",
            "spec": spec,
            "unknown": unknown,
            "target": reverse(IMPORT_TARGETS[upload.kind]),
            "mapping_count": ImportValueMapping.objects.filter(kind=upload.kind).count(),
        },
    )


@can("assignments.add_commune")
def import_status(request, pk):
    """The progress bar's fragment, polled by htmx while the task works; when it is done, the
    browser is sent to the preview (or to the list written). Opened as a page (a bookmark, a
    browser without scripts) it is a whole page that reloads itself, then redirects."""
    upload = _own_upload(request, pk)
    polled = request.headers.get("HX-Request") == "true"
    if upload.busy:
        template = "import_status.html" if polled else "import_status_page.html"
        return render(request, f"assignments/{template}", {"upload": upload})
    if upload.status == ImportUpload.Status.APPLIED:
        target = _written(request, upload)
    else:
        target = reverse("registry:import_preview", args=[upload.pk])
    if not polled:
        return redirect(target)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = target
    return response


@require_POST
@can("assignments.add_commune")
def import_confirm(request, pk):
    upload = _own_upload(request, pk, applied_at__isnull=True)
    result = upload.outcome()
    if upload.status != ImportUpload.Status.CHECKED:
        return redirect("registry:import_preview", upload.pk)
    if not upload.file or not (result and result.ok):
        messages.error(
            request,
            _("Nothing was written: the file has errors. Correct them and upload it again."),
        )
        return redirect("registry:import_preview", upload.pk)
    try:
        result = uploads.import_confirm(upload=upload)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("registry:import_start")
    upload.refresh_from_db()
    if upload.status == ImportUpload.Status.APPLIED:
        return redirect(_written(request, upload))
    if result is not None:
        # The data changed since the preview: the page shows the new errors, nothing written.
        messages.error(request, _("Nothing was written: the file no longer passes the checks."))
    return redirect("registry:import_preview", upload.pk)


@require_POST
@can("assignments.add_commune")
def import_map(request, pk):
    """Staff say what the preview's unknown values mean: remembered for this installation, and
    the file is checked again with them."""
    upload = _own_upload(request, pk, applied_at__isnull=True)
    if upload.status != ImportUpload.Status.CHECKED:
        return redirect("registry:import_preview", upload.pk)
    choices = {}
    for name, value in request.POST.items():
        index = name.removeprefix("value-")
        if name.startswith("value-") and index.isdigit() and value:
            choices[int(index)] = value
    remembered = uploads.import_values_map(upload=upload, choices=choices, user=request.user)
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
    return redirect("registry:import_preview", upload.pk)


@can("assignments.add_commune")
def import_mappings(request):
    """The values staff mapped in earlier previews, which every import reads; each can be
    deleted (the value is then asked again)."""
    rows = []
    for mapping in ImportValueMapping.objects.select_related("created_by"):
        spec = IMPORT_SPECS.get(mapping.kind)
        column = next((c for c in spec.columns if c.key == mapping.column), None) if spec else None
        rows.append(
            {
                "mapping": mapping,
                "kind": spec.title if spec else mapping.kind,
                "column": column.label if column else mapping.column,
                "means": column.vocabulary.word(mapping.value)
                if column and column.vocabulary
                else mapping.value,
            }
        )
    return render(request, "assignments/import_mappings.html", {"rows": rows})


@require_POST
@can("assignments.add_commune")
def import_mapping_delete(request, pk):
    mapping = get_object_or_404(ImportValueMapping, pk=pk)
    mapping.delete()
    messages.success(
        request,
        _("«%(value)s» is forgotten: the next import that holds it asks again.")
        % {"value": mapping.written},
    )
    return redirect("registry:import_mappings")


@can("assignments.view_commune")
def import_template(request, kind):
    spec = IMPORT_SPECS.get(kind)
    if spec is None:
        raise Http404
    return xlsx_attachment(f"mau-nhap-{kind}.xlsx", template_bytes(spec))
