"""The browser import: upload → preview with every bad row → confirm."""

import pytest
from django.urls import reverse

from assignments.models import Agency
from core.models import ImportUpload
from tests.workbooks import downloaded_rows, upload

pytestmark = pytest.mark.django_db
ROWS = [
    ("Tên cơ quan", "Loại", "Số lãnh đạo"),
    ("Sở Nội vụ", "Sở, ban, ngành", 5),
    ("Sở Y tế", "Sở, ban, ngành", 4),
]


def _post(client, rows, kind="agencies", name="co-quan.xlsx"):
    return client.post(
        reverse("registry:import_start"),
        {"kind": kind, "file": upload(rows, name=name)},
        follow=True,
    )


def test_staff_previews_then_confirms_and_the_rows_are_written(client, staff):
    client.force_login(staff)
    preview = _post(client, ROWS)
    page = preview.content.decode()
    assert "Kiểm tra trước khi nhập" in page
    assert Agency.objects.count() == 0  # nothing written by the preview
    upload_row = ImportUpload.objects.get()
    done = client.post(reverse("registry:import_confirm", args=[upload_row.pk]), follow=True)
    assert "2 dòng: 2 mới, 0 thay đổi, 0 không đổi" in done.content.decode()
    assert Agency.objects.count() == 2


def test_a_file_with_a_bad_row_shows_it_and_cannot_be_confirmed(client, staff):
    client.force_login(staff)
    page = _post(client, ROWS + [("Sở Tài chính", "không rõ", "x")]).content.decode()
    assert 'data-testid="import-errors"' in page
    assert "Xác nhận nhập" not in page
    upload_row = ImportUpload.objects.get()
    response = client.post(reverse("registry:import_confirm", args=[upload_row.pk]), follow=True)
    assert "không ghi dữ liệu nào" in response.content.decode().lower()
    assert Agency.objects.count() == 0


def test_a_file_that_is_not_a_workbook_gets_a_clear_message_and_the_form_again(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    response = client.post(
        reverse("registry:import_start"),
        {"kind": "agencies", "file": SimpleUploadedFile("ds.xlsx", b"not a workbook")},
    )
    assert response.status_code == 200
    assert "không phải tệp Excel" in response.content.decode()
    assert ImportUpload.objects.count() == 0


def test_nobody_else_can_confirm_a_staff_members_upload(client, staff, django_user_model):
    from tests.conftest import make_user

    client.force_login(staff)
    _post(client, ROWS)
    upload_row = ImportUpload.objects.get()
    colleague = make_user("chuyenvien2", "staff")
    client.force_login(colleague)
    response = client.post(reverse("registry:import_confirm", args=[upload_row.pk]))
    assert response.status_code == 404
    assert Agency.objects.count() == 0


def test_leaders_and_communes_cannot_import(client, leader, commune_a_user):
    for user in (leader, commune_a_user):
        client.force_login(user)
        assert client.get(reverse("registry:import_start")).status_code == 403
        assert _post(client, ROWS).status_code == 403
    assert Agency.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("registry:import_start"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_blank_templates_download_with_the_import_headers(client, staff):
    client.force_login(staff)
    headers = {
        "communes": (
            "Mã xã",
            "Tên xã",
            "Loại",
            "Huyện",
            "Tỉnh",
            "Hiệu lực từ",
            "Mã huyện",
            "Loại huyện",
            "Bí thư",
            "Điện thoại",
            "Email",
        ),
        "agencies": ("Tên cơ quan", "Loại", "Số lãnh đạo"),
        "cadres": (
            "Họ và tên",
            "Chức vụ",
            "Cơ quan",
            "Ngày sinh",
            "Giới tính",
            "Điện thoại",
            "Email",
            "Mã xã",
            "Diện BTV quản lý",
        ),
    }
    for kind, header in headers.items():
        response = client.get(reverse("registry:import_template", args=[kind]))
        # A line saying how to fill it in, the headers, and no row yet.
        note, *rows = downloaded_rows(response)
        assert note[0].startswith("Điền mỗi dòng một bản ghi"), kind
        assert rows == [header], kind


@pytest.mark.django_db
def test_an_upload_of_another_app_s_import_is_not_the_registry_s_to_show(client, staff):
    """A hamlets upload's id typed into the registry's preview: not found, not a crash."""
    from django.core.files.base import ContentFile

    other = ImportUpload(kind="hamlets", original_name="thon.xlsx", uploaded_by=staff)
    other.file.save("thon.xlsx", ContentFile(b"not read"), save=False)
    other.save()
    client.force_login(staff)
    assert client.get(reverse("registry:import_preview", args=[other.pk])).status_code == 404
    assert client.post(reverse("registry:import_confirm", args=[other.pk])).status_code == 404
