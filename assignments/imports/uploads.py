"""Workflows of a workbook uploaded in the browser: kept and run as a dry run for the preview,
then written for real (all or nothing) once staff confirm."""

from datetime import date

from django.utils import timezone

from core.imports import run_import
from core.models import ImportUpload

from . import IMPORT_SPECS


def _options_from_json(options):
    return {k: date.fromisoformat(v) for k, v in (options or {}).items() if v}


def import_preview(*, kind, uploaded, user, options=None):
    """Keep the uploaded workbook and run it as a dry run; returns (upload, result)."""
    upload = ImportUpload(
        kind=kind,
        original_name=uploaded.name[:255],
        uploaded_by=user,
        options={k: v.isoformat() for k, v in (options or {}).items() if v},
    )
    upload.file.save(uploaded.name, uploaded, save=False)
    upload.save()
    return upload, import_run(upload=upload, dry_run=True)


def import_run(*, upload, dry_run):
    spec = IMPORT_SPECS[upload.kind](
        user=upload.uploaded_by, options=_options_from_json(upload.options)
    )
    with upload.file.open("rb") as handle:
        return run_import(spec, handle, dry_run=dry_run)


def import_confirm(*, upload):
    """Write the workbook for real (all or nothing) and forget the file once written."""
    result = import_run(upload=upload, dry_run=False)
    if result.written:
        upload.applied_at = timezone.now()
        upload.save(update_fields=["applied_at"])
        upload.file.delete(save=False)
    return result
