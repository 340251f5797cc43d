"""Workflows of a workbook uploaded in the browser: kept, checked (a dry run) for the preview,
then written for real (all or nothing) once staff confirm.

A large workbook (over settings.IMPORT_BACKGROUND_ROWS rows) is checked and written by the task
queue, as report jobs are (in-process when no broker is configured), so no upload holds a web
worker for long; one over settings.IMPORT_MAX_ROWS is refused before it is kept.

Files (core.models.ImportUpload): a file is kept only while it may still be written. One its
check refuses is deleted (the row keeps the reason, or the errors, for the page); one superseded
by a newer upload of the same kind by the same person is deleted with its row; one written is
deleted once the write is committed (the row stays as the record of who imported what).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import ImportFileError, measure_workbook, run_import
from core.models import ImportUpload, ImportValueMapping

from . import IMPORT_SPECS

# A workbook bigger than this once unzipped, for each row it may be checked at once, goes to
# the task queue whatever rows it declares: openpyxl reads every sheet's size and the shared
# strings before the first row.
UNZIPPED_BYTES_PER_ROW = 2000
# Seconds a background check or write may take; a task "running" for longer lost its worker.
IMPORT_TIME_LIMIT = 1800
# A task started this many times (its worker died each time) ends the upload as refused.
MAX_ATTEMPTS = 3
Status = ImportUpload.Status


def _options_from_json(options):
    return {k: date.fromisoformat(v) for k, v in (options or {}).items() if v}


def import_preview(*, kind, uploaded, user, options=None):
    """Keep the uploaded workbook and check it (a dry run): at once, or by the task queue for a
    large one (the page then shows its progress). Returns the upload.

    A file refused at once (not a workbook, damaged, too many rows, no header row) raises
    ImportFileError and nothing is kept. An accepted one supersedes the person's earlier
    unconfirmed uploads of the same kind."""
    rows, unzipped = measure_workbook(uploaded)
    limit = settings.IMPORT_BACKGROUND_ROWS
    upload = ImportUpload(
        kind=kind,
        original_name=uploaded.name[:255],
        uploaded_by=user,
        options={k: v.isoformat() for k, v in (options or {}).items() if v},
        rows=rows,
        background=rows is None or rows > limit or unzipped > limit * UNZIPPED_BYTES_PER_ROW,
    )
    upload.file.save(uploaded.name, uploaded, save=False)
    upload.save()
    if upload.background:
        import_supersede(upload=upload)
        _enqueue(upload, Status.CHECKING)
        return upload
    import_check(upload=upload)
    if upload.status == Status.FAILED:
        upload.delete()
        raise ImportFileError(upload.error)
    import_supersede(upload=upload)
    return upload


def import_supersede(*, upload):
    """The person's earlier uploads of this kind, neither written nor being written, are
    replaced by this one: deleted with their files."""
    earlier = ImportUpload.objects.filter(
        kind=upload.kind,
        uploaded_by=upload.uploaded_by,
        applied_at__isnull=True,
        pk__lt=upload.pk,
    ).exclude(status=Status.APPLYING)
    for old in earlier:
        old.delete_file()
        old.delete()


def import_run(*, upload, dry_run, progress=None):
    spec = IMPORT_SPECS[upload.kind](
        user=upload.uploaded_by, options=_options_from_json(upload.options)
    )
    if not upload.file:
        raise ImportFileError(_("The file is no longer kept: upload it again."))
    with upload.file.open("rb") as handle:
        return run_import(spec, handle, dry_run=dry_run, progress=progress)


def import_check(*, upload, progress=None):
    """Check the workbook (a dry run) and keep what the preview shows. A file that can no
    longer be written is deleted: refused as a whole, or with errors and no unknown value left
    for staff to map (mapping one checks the file again)."""
    try:
        result = import_run(upload=upload, dry_run=True, progress=progress)
    except ImportFileError as exc:
        _refuse(upload, str(exc))
        return None
    _record(upload, result)
    return result


def import_recheck(*, upload):
    """Check the kept workbook again (after staff mapped some of its values)."""
    if upload.background:
        _enqueue(upload, Status.CHECKING)
    else:
        import_check(upload=upload)


def import_confirm(*, upload):
    """Write the workbook for real (all or nothing): at once, or by the task queue for a large
    one (returns None then: the page shows its progress)."""
    if upload.background:
        _enqueue(upload, Status.APPLYING)
        return None
    return import_apply(upload=upload)


def import_apply(*, upload, progress=None):
    """Write the workbook. Written: the upload is applied, and its file deleted once that is
    committed. Not written (the data changed since the preview): the upload goes back to its
    preview with what is wrong now."""
    with transaction.atomic():
        result = import_run(upload=upload, dry_run=False, progress=progress)
        if result.written:
            upload.applied_at = timezone.now()
            _record(upload, result, Status.APPLIED)
    if result.written:
        upload.delete_file()
    else:
        _record(upload, result)
    return result


def import_values_map(*, upload, choices, user):
    """Remember what staff said the unknown values of a preview mean ({index in the preview's
    list: value}; values not among the column's choices are ignored) and check the file again,
    so the choice applies to the whole file. Returns how many were remembered."""
    spec = IMPORT_SPECS[upload.kind]
    columns = {c.key: c for c in spec.columns if c.vocabulary}
    outcome = upload.outcome()
    remembered = 0
    for index, unknown in enumerate(outcome.unknown_values if outcome else ()):
        value = choices.get(index)
        column = columns.get(unknown.column)
        if not value or column is None or value not in column.vocabulary.values:
            continue
        ImportValueMapping.remember(
            kind=upload.kind,
            column=unknown.column,
            key=unknown.key,
            written=unknown.value,
            value=value,
            user=user,
        )
        remembered += 1
    if remembered and upload.file:
        import_recheck(upload=upload)
    return remembered


def _record(upload, result, status=Status.CHECKED):
    upload.status = status
    upload.result = result.as_dict()
    upload.progress = 100
    upload.error = ""
    upload.save(update_fields=["status", "result", "progress", "error", "applied_at"])
    cache.delete(upload.progress_key)
    if status == Status.CHECKED and result.error_count and not result.unknown:
        upload.delete_file()


def _refuse(upload, message):
    upload.status = Status.FAILED
    upload.error = message
    upload.save(update_fields=["status", "error"])
    cache.delete(upload.progress_key)
    upload.delete_file()


# --- the task queue -------------------------------------------------------------------------


def _enqueue(upload, status):
    """Mark the upload for the task queue, and send its task once that is committed."""
    upload.status = status
    upload.progress = 0
    upload.queued_at = timezone.now()
    upload.started_at = None
    upload.attempts = 0
    upload.save(update_fields=["status", "progress", "queued_at", "started_at", "attempts"])
    transaction.on_commit(lambda: import_enqueue(upload))


def import_enqueue(upload):
    """Send the upload's task; False when the broker cannot be reached (the upload waits, and
    `import_requeue_waiting` sends it again). One attempt: core.broker.send_once."""
    from core.broker import send_once

    from ..tasks import import_workbook

    return send_once(import_workbook, upload.pk)


def import_requeue_waiting():
    """Uploads still waiting a minute after they were queued (the broker was down, or their
    message was lost), and those "running" past the time limit (their worker died) are sent
    again; returns the ids sent."""
    now = timezone.now()
    waiting = ImportUpload.objects.filter(status__in=[Status.CHECKING, Status.APPLYING]).filter(
        Q(started_at__isnull=True, queued_at__lt=now - timedelta(minutes=1))
        | Q(started_at__lt=now - timedelta(seconds=IMPORT_TIME_LIMIT + 60))
    )
    return [upload.pk for upload in waiting if import_enqueue(upload)]


def import_background(*, upload):
    """What the task does: check or write the workbook, telling the cache how far it has read.
    Idempotent: an upload no longer waiting is left alone; a check is a dry run, and a write
    either commits with the upload marked applied or not at all."""
    upload.refresh_from_db()
    if not upload.busy:
        return upload
    if upload.attempts >= MAX_ATTEMPTS:
        message = _("the work was interrupted %(count)d times") % {"count": upload.attempts}
        _refuse(upload, _("The file could not be imported: %(reason)s") % {"reason": message})
        return upload
    ImportUpload.objects.filter(pk=upload.pk).update(
        started_at=timezone.now(), attempts=F("attempts") + 1
    )

    def progress(done, declared):
        total = declared or upload.rows
        if total:
            cache.set(upload.progress_key, min(99, done * 100 // total), timeout=IMPORT_TIME_LIMIT)

    if upload.status == Status.CHECKING:
        import_check(upload=upload, progress=progress)
    else:
        try:
            import_apply(upload=upload, progress=progress)
        except ImportFileError as exc:
            _refuse(upload, str(exc))
    return upload


def import_fail(*, upload, message):
    """The task could not finish (the database did not answer, the time limit): say why."""
    _refuse(upload, _("The file could not be imported: %(reason)s") % {"reason": message})
