from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _sheet_rows(content):
    rows = list(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    return rows[header + 1 :]


def test_the_command_creates_the_missing_accounts_and_writes_the_sheet(
    tmp_path, commune_a, commune_b, capsys
):
    make_user("xa07900", "commune", commune=commune_a)
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--out", str(out))
    rows = _sheet_rows(out.read_bytes())
    assert [(r[1], r[5]) for r in rows] == [("04792", "xa04792")]
    user = User.objects.get(username="xa04792")
    assert user.commune == commune_b and user.must_change_password and user.role == "commune"


def test_a_generated_password_logs_in_and_must_be_changed(tmp_path, client, commune_b):
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--out", str(out))
    username, password = _sheet_rows(out.read_bytes())[0][5:7]
    assert len(password) == 19 and password.count("-") == 3
    client.post(reverse("login"), {"username": username, "password": password})
    response = client.get(reverse("home"))
    assert response.url == reverse("password_change")


def test_reset_issues_a_new_password_for_one_commune(tmp_path, client, commune_b):
    out = tmp_path / "a.xlsx"
    call_command("commune_accounts", "--out", str(out))
    old = _sheet_rows(out.read_bytes())[0][6]
    call_command("commune_accounts", "--out", str(out), "--reset", "04792")
    new = _sheet_rows(out.read_bytes())[0][6]
    assert new != old
    refused = client.post(reverse("login"), {"username": "xa04792", "password": old})
    assert refused.status_code == 200  # the form again, with its error
    accepted = client.post(reverse("login"), {"username": "xa04792", "password": new})
    assert accepted.status_code == 302


def test_staff_download_the_credentials_sheet_from_the_page(client, staff, commune_a, commune_b):
    client.force_login(staff)
    page = client.get(reverse("commune_accounts")).content.decode()
    assert "2 xã, phường chưa có tài khoản" in page
    response = client.post(reverse("commune_accounts"), {"create": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(_sheet_rows(response.content)) == 2
    assert User.objects.filter(commune__isnull=False).count() == 2


def test_leaders_and_communes_cannot_manage_accounts(client, leader, commune_a_user):
    for user in (leader, commune_a_user):
        client.force_login(user)
        assert client.get(reverse("commune_accounts")).status_code == 403
