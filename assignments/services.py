"""Registry workflows that touch several rows or have side effects."""

from django.db import transaction
from django.utils import timezone

from core.imports import run_import
from core.models import ImportUpload

from .imports import IMPORT_SPECS
from .models import CadreStatusChange


@transaction.atomic
def cadre_change_status(*, cadre, status, effective_on, note="", user=None):
    """Record a cadre's new status (retired, transferred…) with its date, keeping the history.

    The latest change by effective date is the cadre's current status.
    """
    change = CadreStatusChange(
        cadre=cadre, status=status, effective_on=effective_on, note=note, recorded_by=user
    )
    change.full_clean()
    change.save()
    latest = cadre.status_changes.order_by("-effective_on", "-recorded_at").first()
    cadre.status = latest.status
    cadre.status_changed_on = latest.effective_on
    cadre.save(update_fields=["status", "status_changed_on"])
    return change


def _options_from_json(options):
    from datetime import date

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
        result = run_import(spec, handle, dry_run=dry_run)
    return result


def import_confirm(*, upload):
    """Write the workbook for real (all or nothing) and forget the file once written."""
    result = import_run(upload=upload, dry_run=False)
    if result.written:
        upload.applied_at = timezone.now()
        upload.save(update_fields=["applied_at"])
        upload.file.delete(save=False)
    return result
