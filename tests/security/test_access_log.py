"""Law 91/2025/QH15: every view or download of a cadre's evaluation, results, report or file is
logged (who, what, when, from where), and staff read the log."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import PersonalDataAccess
from tests.conftest import make_user
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def _log():
    return list(PersonalDataAccess.objects.order_by("pk").select_related("user"))


def test_a_commune_opening_its_form_is_logged_with_its_address(world, client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address, as the proxy
    client.force_login(world["users"]["commune_a"])
    form = world["form_a"]
    client.get(reverse("evaluations:form", args=[form.pk]), HTTP_X_FORWARDED_FOR="10.1.2.3")
    [entry] = _log()
    assert entry.user.username == "xa07900"
    assert entry.kind == "form" and entry.action == "edit"
    assert entry.object_id == form.pk
    assert entry.label == "Nguyễn Văn Hùng — Phường Việt Trì (2026)"
    assert entry.ip_address == "10.1.2.3"


def test_reading_printing_and_downloading_are_each_logged(world, client):
    client.force_login(world["users"]["leader"])
    form = world["form_a"]
    client.get(reverse("evaluations:form", args=[form.pk]))
    client.get(reverse("evaluations:print", args=[form.pk]))
    client.get(reverse("reports:results", args=[2026]))
    response = client.get(reverse("reports:download", args=[world["job"].pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert [(e.kind, e.action) for e in _log()] == [
        ("form", "view"),
        ("form", "print"),
        ("results", "view"),
        ("report", "download"),
    ]
    assert {e.user.username for e in _log()} == {"lanhdao"}


def test_a_refused_request_and_a_save_are_not_readings(world, client):
    client.force_login(world["users"]["commune_b"])
    assert client.get(reverse("evaluations:form", args=[world["form_a"].pk])).status_code == 404
    assert _log() == []


def test_a_cadre_downloads_their_own_plan_file_and_no_one_elses(world, client):
    client.force_login(world["users"]["cadre"])
    url = reverse("activity:file", args=["plan", world["plan"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 plan"
    assert [(e.kind, e.label) for e in _log()] == [
        ("activity_file", "chương trình, kế hoạch theo dõi: Nguyễn Văn Hùng (2026)")
    ]
    other = make_user("canbo2", "cadre", cadre=CadreFactory(full_name="Trần Văn Khác"))
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert len(_log()) == 1


def test_the_cadre_page_links_the_file_through_the_logged_view_not_media(world, client):
    client.force_login(world["users"]["cadre"])
    page = client.get(reverse("activity:home")).content.decode()
    assert reverse("activity:file", args=["plan", world["plan"].pk]) in page
    assert "/media/" not in page
    assert client.get("/media/" + world["plan"].file.name).status_code == 404


def test_staff_read_filter_and_export_the_log(world, client):
    client.force_login(world["users"]["commune_a"])
    client.get(reverse("evaluations:form", args=[world["form_a"].pk]))
    client.force_login(world["users"]["leader"])
    client.get(reverse("reports:download", args=[world["job"].pk]))

    client.force_login(world["users"]["staff"])
    page = client.get(reverse("access_log")).content.decode()
    assert "Nguyễn Văn Hùng — Phường Việt Trì (2026)" in page
    assert "xa07900" in page and "lanhdao" in page

    found = client.get(reverse("access_log"), {"q": "viet tri"}).content.decode()
    assert "Phường Việt Trì" in found and "lanhdao" not in found

    only_leader = client.get(reverse("access_log"), {"who": "lanhdao"}).content.decode()
    assert "lanhdao" in only_leader and "xa07900" not in only_leader

    response = client.get(reverse("access_log"), {"kind": "form", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[5]) for r in rows] == [("xa07900", "Nguyễn Văn Hùng — Phường Việt Trì (2026)")]


def test_nobody_edits_or_deletes_the_log_even_in_the_admin(world, client):
    client.force_login(world["users"]["commune_a"])
    client.get(reverse("evaluations:form", args=[world["form_a"].pk]))
    entry = _log()[0]
    client.force_login(world["users"]["superuser"])
    change = reverse("admin:core_personaldataaccess_change", args=[entry.pk])
    delete = reverse("admin:core_personaldataaccess_delete", args=[entry.pk])
    assert client.post(change, {"label": "sửa"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.label.startswith("Nguyễn Văn Hùng")
