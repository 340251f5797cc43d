"""Uploaded workbooks: a sheet too long is refused at once; a large one is checked and written by
the task queue (in-process here: no broker is configured) with its progress; a file refused or
superseded is deleted from storage, and one written too."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from assignments.imports import AgencyImport, uploads
from assignments.models import Agency
from assignments.tasks import import_workbook
from core.imports import TooManyRows, measure_workbook, run_import
from core.models import ImportUpload
from tests.conftest import make_user
from tests.workbooks import upload, xlsx

pytestmark = pytest.mark.django_db
HEADERS = ("Tên cơ quan", "Loại", "Số lãnh đạo")
ROWS = [HEADERS, ("Sở Nội vụ", "Sở, ban, ngành", 5), ("Sở Y tế", "Sở, ban, ngành", 4)]
EXCEL_LAST_ROW = 1_048_576


def _stored(settings):
    """The files kept under MEDIA_ROOT (what a killed write left in .partial/ aside)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and ".partial" not in p.parts
    )


def _post(client, rows=ROWS, kind="agencies", data=None, name="co-quan.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, data) if data is not None else upload(rows, name=name)
    return client.post(reverse("registry:import_start"), {"kind": kind, "file": file}, follow=True)


def _reaching_the_last_row():
    """A small table, and a stray value in Excel's last row: the sheet declares 1,048,576 rows
    (and openpyxl would hand out every empty one)."""
    from openpyxl import Workbook

    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active.cell(row=EXCEL_LAST_ROW, column=1, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _without_dimension(data):
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(item, content)
    return out.getvalue()


# --- size -------------------------------------------------------------------------------------


def test_a_sheet_declaring_1048576_rows_is_refused_before_its_rows_are_read(
    client, staff, settings
):
    data = _reaching_the_last_row()
    with pytest.raises(TooManyRows) as refused:
        measure_workbook(io.BytesIO(data))
    assert (refused.value.rows, refused.value.limit) == (EXCEL_LAST_ROW, 100_000)
    with pytest.raises(TooManyRows):
        run_import(AgencyImport(), io.BytesIO(data))

    client.force_login(staff)
    response = _post(client, data=data)
    assert response.status_code == 200
    assert str(refused.value) in response.content.decode()
    assert not ImportUpload.objects.exists()
    assert _stored(settings) == []
    assert not Agency.objects.exists()


def test_the_row_limit_comes_from_the_settings(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(TooManyRows) as refused:
        run_import(AgencyImport(), xlsx(ROWS))
    assert (refused.value.rows, refused.value.limit) == (3, 2)


def test_a_sheet_that_declares_no_size_is_refused_when_reading_passes_the_limit(settings):
    settings.IMPORT_MAX_ROWS = 2
    data = _without_dimension(xlsx(ROWS).getvalue())
    declared, _unzipped = measure_workbook(io.BytesIO(data))
    assert declared is None
    with pytest.raises(TooManyRows) as refused:
        run_import(AgencyImport(), io.BytesIO(data))
    assert (refused.value.rows, refused.value.limit) == (None, 2)
    assert not Agency.objects.exists()


# --- the task queue -----------------------------------------------------------------------------


class _RecordingCache:
    """The cache, remembering each progress the task tells it."""

    def __init__(self, real):
        self.real, self.seen = real, []

    def set(self, key, value, *args, **kwargs):
        self.seen.append(value)
        return self.real.set(key, value, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.django_db(transaction=True)
def test_a_6000_row_workbook_is_checked_and_written_by_the_task_queue_with_its_progress(
    client, staff, settings, monkeypatch
):
    recording = _RecordingCache(uploads.cache)
    monkeypatch.setattr(uploads, "cache", recording)
    seen = recording.seen
    rows = [HEADERS] + [(f"Cơ quan số {n}", "Sở, ban, ngành", 1 + n % 9) for n in range(6000)]
    client.force_login(staff)

    preview = _post(client, rows)
    upload_row = ImportUpload.objects.get()
    assert upload_row.background and upload_row.rows == 6001
    assert (upload_row.status, upload_row.progress, upload_row.attempts) == ("checked", 100, 1)
    assert preview.context["result"].new == 6000
    assert not Agency.objects.exists()
    checked = list(seen)
    assert len(checked) == 12 and checked == sorted(checked) and 0 < checked[0] <= checked[-1] < 100

    done = client.post(reverse("registry:import_confirm", args=[upload_row.pk]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("registry:agency_list")
    upload_row.refresh_from_db()
    assert (upload_row.status, upload_row.progress, upload_row.attempts) == ("applied", 100, 1)
    assert upload_row.applied_at is not None and upload_row.started_at is not None
    assert len(seen) == 24
    assert Agency.objects.count() == 6000
    assert _stored(settings) == []  # written: the file is no longer needed


def test_a_background_upload_shows_its_progress_and_then_sends_the_browser_on(client, staff):
    from django.core.cache import cache

    client.force_login(staff)
    busy = ImportUpload.objects.create(
        kind="agencies", original_name="lon.xlsx", uploaded_by=staff, background=True, rows=9000
    )
    busy.started_at = busy.uploaded_at
    busy.save()
    cache.set(busy.progress_key, 40)
    status = client.get(reverse("registry:import_status", args=[busy.pk]), HTTP_HX_REQUEST="true")
    assert status.status_code == 200
    assert 'data-pct="40"' in status.content.decode()
    # Opened as a page, without scripts: a whole page that reloads itself.
    whole = client.get(reverse("registry:import_status", args=[busy.pk])).content.decode()
    assert "<h1" in whole and 'http-equiv="refresh"' in whole and 'data-pct="40"' in whole
    page = client.get(reverse("registry:import_preview", args=[busy.pk])).content.decode()
    assert 'data-testid="import-progress"' in page and 'data-pct="40"' in page

    ImportUpload.objects.filter(pk=busy.pk).update(status="checked", result={})
    done = client.get(reverse("registry:import_status", args=[busy.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("registry:import_preview", args=[busy.pk])
    page = client.get(reverse("registry:import_status", args=[busy.pk]))
    assert page.status_code == 302
    assert page.url == reverse("registry:import_preview", args=[busy.pk])


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_upload_waits_and_is_sent_again(
    client, staff, settings, monkeypatch
):
    settings.IMPORT_BACKGROUND_ROWS = 1

    def down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(import_workbook, "apply_async", down)
    client.force_login(staff)
    _post(client)
    waiting = ImportUpload.objects.get()
    assert (waiting.status, waiting.started_at) == ("checking", None)
    monkeypatch.undo()
    assert uploads.import_requeue_waiting() == []  # queued a moment ago: maybe on its way
    ImportUpload.objects.filter(pk=waiting.pk).update(
        queued_at=waiting.queued_at.replace(year=2020)
    )
    assert uploads.import_requeue_waiting() == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == "checked" and waiting.outcome().new == 2


def test_an_upload_whose_worker_keeps_dying_ends_refused_with_the_reason(staff, settings):
    upload_row = ImportUpload.objects.create(
        kind="agencies", original_name="lon.xlsx", uploaded_by=staff, background=True, attempts=3
    )
    import_workbook(upload_row.pk)
    upload_row.refresh_from_db()
    assert upload_row.status == "failed"
    assert " 3 " in upload_row.error


# --- files refused, superseded, written ---------------------------------------------------------


def test_a_file_refused_at_once_is_not_kept(client, staff, settings):
    client.force_login(staff)
    _post(client, rows=[("Tên", "Khác"), ("Sở Y tế", 3)])  # no header row with the columns
    assert not ImportUpload.objects.exists()
    assert _stored(settings) == []


def test_a_file_whose_rows_have_errors_is_deleted_and_its_preview_still_shows_them(
    client, staff, settings
):
    client.force_login(staff)
    response = _post(client, rows=ROWS + [("Sở Tư pháp", "Sở, ban, ngành", 0)])
    assert 'data-testid="import-errors"' in response.content.decode()
    refused = ImportUpload.objects.get()
    assert (refused.status, refused.file.name) == ("checked", "")
    assert _stored(settings) == []
    again = client.get(reverse("registry:import_preview", args=[refused.pk])).content.decode()
    assert 'data-testid="import-errors"' in again and "Xác nhận nhập" not in again
    client.post(reverse("registry:import_confirm", args=[refused.pk]))
    assert not Agency.objects.exists()


def test_a_file_with_a_value_to_map_is_kept_until_it_is_written(client, staff, settings):
    client.force_login(staff)
    _post(client, rows=ROWS + [("Hội Nông dân tỉnh", "Khối MTTQ", 2)])
    pending = ImportUpload.objects.get()
    assert pending.file and _stored(settings) == [pending.file.name]
    client.post(reverse("registry:import_map", args=[pending.pk]), {"value-0": "mat_tran_doan_the"})
    client.post(reverse("registry:import_confirm", args=[pending.pk]))
    pending.refresh_from_db()
    assert (pending.status, pending.file.name) == ("applied", "")
    assert _stored(settings) == []
    assert Agency.objects.count() == 3


def test_a_newer_upload_of_the_same_kind_supersedes_the_unconfirmed_one(client, staff, settings):
    colleague = make_user("chuyenvien2", "staff")
    client.force_login(colleague)
    _post(client, name="cua-dong-nghiep.xlsx")
    theirs = ImportUpload.objects.get()
    client.force_login(staff)
    cadres = [("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính")]
    _post(
        client, kind="cadres", rows=cadres + [("Lê Thị Lan", "Phó GĐ", "Sở Y tế", "1/1/1975", "Nữ")]
    )
    _post(client, name="lan-1.xlsx")
    first = ImportUpload.objects.get(original_name="lan-1.xlsx")
    first_file = first.file.name

    _post(client, name="lan-2.xlsx")
    assert not ImportUpload.objects.filter(pk=first.pk).exists()
    assert first_file not in _stored(settings)
    second = ImportUpload.objects.get(original_name="lan-2.xlsx")
    assert second.file.name in _stored(settings)
    assert ImportUpload.objects.filter(pk=theirs.pk).exists()  # a colleague's is theirs
    assert theirs.file.name in _stored(settings)
    assert ImportUpload.objects.filter(kind="cadres").count() == 1  # another kind stays


def test_a_written_file_is_deleted_and_its_record_kept(client, staff, settings):
    client.force_login(staff)
    _post(client)
    written = ImportUpload.objects.get()
    client.post(reverse("registry:import_confirm", args=[written.pk]))
    written.refresh_from_db()
    assert (written.status, written.file.name) == ("applied", "")
    assert written.applied_at is not None and written.outcome().new == 2
    assert _stored(settings) == []
    # a newer upload of the same kind leaves the record of a written one alone
    _post(client, name="lan-2.xlsx")
    assert ImportUpload.objects.filter(pk=written.pk).exists()


def test_the_import_page_lists_the_workbooks_left_to_confirm_not_the_refused_ones(client, staff):
    client.force_login(staff)
    _post(client, name="cho-xac-nhan.xlsx")
    _post(
        client,
        kind="cadres",
        rows=[
            ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính"),
            ("Lê Thị Lan", "Phó GĐ", "Sở Không Có", "1/1/1975", "Nữ"),
        ],
    )
    waiting = ImportUpload.objects.get(kind="agencies")
    assert list(ImportUpload.objects.unconfirmed()) == [waiting]
    page = client.get(reverse("registry:import_start")).content.decode()
    assert reverse("registry:import_preview", args=[waiting.pk]) in page
    refused = ImportUpload.objects.get(kind="cadres")
    assert reverse("registry:import_preview", args=[refused.pk]) not in page
