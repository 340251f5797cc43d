# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""Backup and restore: the round trip brings back every assignment, form, report file and
upload; a damaged, altered or foreign archive, a backup of another database vendor, and a
database that already holds data (without --yes) are refused, and nothing changes.

On SQLite the data round-trips through the in-memory test database (the backup API works on
the live connection) and through a new file in another process; on PostgreSQL through real
pg_dump / pg_restore, into the test database and into a scratch database made for the test."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import User
from activity import services as activity_services
from activity.models import Plan, Report
from assignments.models import Assignment, Commune
from core import backup
from core.backup import database as backup_database
from core.models import ImportUpload
from evaluations import services as evaluation_services
from evaluations.models import EvaluationForm, FormEvent
from reports import services as report_services
from reports.models import ReportJob
from tests.activity.conftest import hung_user  # noqa: F401
from tests.activity.conftest import year_2026 as activity_2026  # noqa: F401
from tests.conftest import PASSWORD
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.reports.conftest import year_2026  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

# A real restore replaces the database under the connection: nothing may be left uncommitted
# (and the report job of the world is built when its row is committed).
committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media, year_2026, activity_2026, staff, leader, hung, hung_user):
    """Two communes with their cadres and the 2026 round: one form returned with a note per
    criterion, one accepted, one submitted; a workbook built by a report job; the cadre's
    plan and 6-month report with their files; a workbook waiting for import."""
    forms = list(year_2026.forms.order_by("pk"))
    criterion = year_2026.criteria.first()
    evaluation_services.form_return(
        form=forms[0],
        message="Bổ sung nhận xét tiêu chí 1.",
        criterion_comments={str(criterion.pk): "Ghi rõ số buổi dự họp."},
        user=staff,
    )
    evaluation_services.form_accept(form=forms[1], user=staff)
    report_services.report_request(kind="workbook", year=2026, user=leader)  # built in-process
    activity_services.plan_submit(
        cadre=hung,
        year=2026,
        file=SimpleUploadedFile("ke-hoach.pdf", "%PDF-1.4 kế hoạch theo dõi".encode()),
        user=hung_user,
    )
    activity_services.report_submit(
        cadre=hung,
        year=2026,
        period="half",
        text="Báo cáo 6 tháng.",
        file=SimpleUploadedFile("bao-cao.pdf", "%PDF-1.4 báo cáo 6 tháng".encode()),
        user=hung_user,
    )
    upload = ImportUpload(kind="communes", original_name="xa.xlsx", uploaded_by=staff)
    upload.file.save("xa.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=False)
    upload.save()
    state = _everything()
    assert {f["status"] for f in state["forms"]} == {"returned", "accepted", "submitted"}
    assert [job[0] for job in state["report_jobs"]] == ["done"]
    assert len(state["assignments"]) == 3 and len(state["activity"]) == 2
    return state


def _sha256(field_file):
    with field_file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _everything():
    """What the round trip must bring back, files by their bytes."""
    return {
        "assignments": list(
            Assignment.objects.order_by("pk").values(
                "pk",
                "cadre__full_name",
                "commune__code",
                "decision_number",
                "decision_date",
                "start_date",
                "end_date",
                "exception_reason",
            )
        ),
        "assignment_history": list(
            Assignment.history.order_by("history_id").values_list("id", "history_type")
        ),
        "forms": list(
            EvaluationForm.objects.order_by("pk").values(
                "pk",
                "commune__code",
                "cadre__full_name",
                "status",
                "answers",
                "level",
                "visits",
                "meetings",
                "propose_commendation",
                "propose_replacement",
                "replacement_reason",
                "signer_name",
                "signed_on",
                "version",
                "submitted_at",
                "reviewed_at",
            )
        ),
        "form_events": list(
            FormEvent.objects.order_by("pk").values(
                "form_id", "kind", "by__username", "message", "criterion_comments"
            )
        ),
        "report_jobs": [
            (job.status, job.file.name, job.fingerprint, job.figures, _sha256(job.file))
            for job in ReportJob.objects.order_by("pk")
        ],
        "activity": [
            (type(row).__name__, row.cadre.full_name, row.text, row.file.name, _sha256(row.file))
            for row in [*Plan.objects.order_by("pk"), *Report.objects.order_by("pk")]
        ],
        "uploads": [
            (upload.original_name, upload.file.name, _sha256(upload.file))
            for upload in ImportUpload.objects.order_by("pk")
        ],
        "users": sorted(User.objects.values_list("username", "password")),
    }


@pytest.fixture
def archive(world, tmp_path):
    path = tmp_path / "sao-luu.tar.gz"
    backup.backup_create(out=path)
    return path


def _work_folders(media):
    return sorted(p.name for p in Path(media).iterdir() if p.name.startswith((".restore", ".repl")))


@committed
def test_it_brings_back_every_assignment_form_report_and_upload(world, media, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", out=str(archive), stdout=io.StringIO())

    # Everything is lost: every row, every file.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not Assignment.objects.exists() and not EvaluationForm.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert _everything() == world
    assert User.objects.get(username="chuyenvien").check_password(PASSWORD)
    summary = out.getvalue()
    assert "phiếu nhận xét: 3" in summary and "phân công theo dõi: 3" in summary
    assert _work_folders(media) == []


@committed
def test_the_manifest_lists_versions_migrations_rows_and_media_checksums(world, archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    job = ReportJob.objects.get()
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["file"] in names and manifest["django_version"].startswith("5.2")
    assert "evaluations.0001_initial" in manifest["migrations"]
    assert manifest["row_counts"]["evaluations.EvaluationForm"] == 3
    assert manifest["row_counts"]["assignments.Assignment"] == 3
    assert manifest["media"][job.file.name]["sha256"] == _sha256(job.file)
    assert sorted(manifest["media"]) == sorted(n.removeprefix("media/") for n in names[1:-1])
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only


@contextmanager
def _fresh_database(tmp_path):
    """(DATABASE_URL, query) of a database with nothing in it, dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path / "moi.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        yield f"sqlite:///{path}", query
        return
    import psycopg2

    params = connection.settings_dict
    credentials = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    name = f"theodoi_bak_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **credentials)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg2.connect(dbname=name, **credentials) as db, db.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        db.close()
        return rows

    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}", query
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@committed
def test_it_restores_into_a_new_database_in_another_process(world, archive, tmp_path):
    job = ReportJob.objects.get()
    new_media = tmp_path / "media-moi"
    with _fresh_database(tmp_path) as (database_url, query):
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(new_media)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        forms = query("SELECT status FROM evaluations_evaluationform ORDER BY id")
        jobs = query("SELECT status, file FROM reports_reportjob")
        assignments = query("SELECT COUNT(*) FROM assignments_assignment")
    assert [status for (status,) in forms] == [f["status"] for f in world["forms"]]
    assert jobs == [("done", job.file.name)] and assignments == [(3,)]
    restored = hashlib.sha256((new_media / job.file.name).read_bytes()).hexdigest()
    assert restored == _sha256(job.file)


def _rewrite(archive, target, change):
    """A copy of the archive with change(name, bytes) applied to each member."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def _damaged(archive, tmp_path, how):
    data = archive.read_bytes()
    target = tmp_path / f"{how}.tar.gz"
    if how == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        target.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    else:  # a tar.gz that is not ours
        with tarfile.open(target, "w:gz") as tar:
            info = tarfile.TarInfo("ghi-chu.txt")
            info.size = 3
            tar.addfile(info, io.BytesIO(b"abc"))
    return target


@committed
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(
    world, archive, media, tmp_path
):
    for how, code in [("truncated", "damaged"), ("flipped", "damaged"), ("foreign", "not_ours")]:
        with pytest.raises(backup.BackupError) as refused:
            backup.backup_restore(archive=_damaged(archive, tmp_path, how), replace=True)
        assert refused.value.code == code, how
        assert _everything() == world
        assert _work_folders(media) == []


@committed
def test_a_media_file_altered_in_the_archive_is_refused_and_nothing_changes(
    world, archive, media, tmp_path
):
    job_file = ReportJob.objects.get().file.name
    tampered = _rewrite(
        archive,
        tmp_path / "sua.tar.gz",
        lambda name, data: data + b"!" if name == f"media/{job_file}" else data,
    )
    Commune.objects.filter(code="07900").update(secretary_name="Người Mới")  # after the backup
    world = _everything()
    with pytest.raises(backup.BackupError) as refused:
        backup.backup_restore(archive=tampered, replace=True)
    assert refused.value.code == "checksum" and job_file in str(refused.value)
    assert _everything() == world
    assert Commune.objects.get(code="07900").secretary_name == "Người Mới"


@committed
def test_a_backup_of_another_database_vendor_is_refused(world, archive, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def vendor(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    with pytest.raises(backup.BackupError) as refused:
        backup.backup_restore(archive=_rewrite(archive, tmp_path / "khac.tar.gz", vendor))
    assert refused.value.code == "vendor"
    assert _everything() == world


@committed
def test_when_the_database_cannot_be_loaded_the_old_files_go_back(
    world, archive, media, monkeypatch
):
    ReportJob.objects.get().file.delete(save=False)  # a file the backup has
    (Path(media) / "only-now.pdf").write_bytes(b"%PDF new")  # a file it has not

    def broken(connection, copy):
        raise backup.BackupError("pg_restore failed", code="database")

    monkeypatch.setattr(backup_database, "load", broken)
    with pytest.raises(backup.BackupError):
        backup.backup_restore(archive=archive, replace=True)
    assert (Path(media) / "only-now.pdf").read_bytes() == b"%PDF new"
    assert not (Path(media) / ReportJob.objects.get().file.name).exists()
    assert _work_folders(media) == []


@committed
def test_a_database_holding_data_is_replaced_only_with_yes(world, archive, media, staff):
    form = EvaluationForm.objects.get(status="submitted")
    evaluation_services.form_accept(form=form, user=staff)  # after the backup
    ReportJob.objects.all().delete()
    changed = _everything()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert _everything() == changed
    assert _work_folders(media) == []

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert _everything() == world
    assert EvaluationForm.objects.get(pk=form.pk).status == "submitted"


def test_the_image_has_the_postgresql_client_of_the_compose_servers_major_version():
    # pg_dump refuses a server newer than itself.
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    major = compose["services"]["db"]["image"].split(":")[1].split(".")[0]
    assert f"postgresql-client-{major}" in (ROOT / "Dockerfile").read_text()
