"""Commune accounts for the communes of a round, on either map: a province entering its 2024
results today makes accounts for the communes before 1/7/2025, whose codes the current map
reused (Xã Tân Lạc 04792 today, Thị trấn Mãn Đức 04792 until 30/6/2025)."""

import os
import stat
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignments.models import OLD_MAP_LAST_DAY, Commune
from evaluations import services
from tests.accounts.old_map import old_commune, sheet_rows
from tests.conftest import PASSWORD
from tests.factories import AssignmentFactory, CadreFactory
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db

URL = reverse("evaluations:commune_accounts")


@pytest.fixture
def old_communes(commune_a, commune_b):
    """Two communes of Huyện Tân Lạc holding the codes of today's communes A and B, and a third
    that no one followed in 2024."""
    return {
        "man_duc": old_commune(commune_b.code, "Thị trấn Mãn Đức", Commune.Kind.TOWNSHIP),
        "phong_phu": old_commune(commune_a.code, "Xã Phong Phú"),
        "quyet_chien": old_commune("04800", "Xã Quyết Chiến"),
    }


@pytest.fixture
def round_2024(old_communes, staff):
    """The 2024 round, created today and not opened yet: Tám followed Mãn Đức and Hoa followed
    Phong Phú from 2023 until the map changed."""
    for name, commune in (("Bùi Văn Tám", "man_duc"), ("Đinh Thị Hoa", "phong_phu")):
        AssignmentFactory(
            cadre=CadreFactory(full_name=name),
            commune=old_communes[commune],
            start_date=date(2023, 1, 1),
            decision_date=date(2023, 1, 1),
            end_date=OLD_MAP_LAST_DAY,
            end_reason="reassigned",
        )
    return services.round_create(
        year=2024, opens_on=date(2024, 11, 15), deadline=date(2024, 12, 15), user=staff
    )


def _logs_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    client.logout()
    return response.status_code == 302


# --- the command --------------------------------------------------------------------------


def test_it_makes_the_accounts_of_a_2024_round_entered_today(tmp_path, round_2024, commune_b_user):
    out = tmp_path / "tai-khoan-2024.xlsx"
    call_command("commune_accounts", "--year", "2024", "--out", str(out))
    rows = sheet_rows(out.read_bytes())
    assert [(r[1], r[2], r[3], r[5]) for r in rows] == [
        ("04792", "Thị trấn Mãn Đức", "Huyện Tân Lạc", "xa04792-2025"),
        ("07900", "Xã Phong Phú", "Huyện Tân Lạc", "xa07900-2025"),
    ]
    # Xã Tân Lạc keeps its login; no one followed Xã Quyết Chiến in 2024; today's commune A is
    # not a commune of the 2024 round.
    assert User.objects.get(username="xa04792") == commune_b_user
    assert set(User.objects.filter(commune__isnull=False).values_list("username", flat=True)) == {
        "xa04792",
        "xa04792-2025",
        "xa07900-2025",
    }
    assert _logs_in(Client(), rows[0][5], rows[0][6])


def test_an_open_round_s_communes_are_those_with_a_form_still_expected(tmp_path, round_2024):
    services.round_open(evaluation_round=round_2024)
    dropped = round_2024.forms.get(commune__name="Xã Phong Phú")
    services.expected_drop(form=dropped, reason="Xã đã sáp nhập")
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--year", "2024", "--out", str(out))
    assert [r[2] for r in sheet_rows(out.read_bytes())] == ["Thị trấn Mãn Đức"]


def test_without_a_year_it_makes_the_accounts_of_the_communes_in_force_today(
    tmp_path, round_2024, commune_a_user
):
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--out", str(out))
    assert [(r[2], r[5]) for r in sheet_rows(out.read_bytes())] == [("Xã Tân Lạc", "xa04792")]


def test_the_sheet_is_readable_by_its_owner_only(tmp_path, round_2024):
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--year", "2024", "--out", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    again = tmp_path / "cu.xlsx"
    again.write_bytes(b"an older sheet")
    again.chmod(0o644)
    call_command("commune_accounts", "--reset", "xa04792-2025", "--out", str(again))
    assert stat.S_IMODE(os.stat(again).st_mode) == 0o600
    assert len(sheet_rows(again.read_bytes())) == 1


def test_a_login_resets_that_account_only(tmp_path, client, round_2024, commune_b_user):
    out = tmp_path / "a.xlsx"
    call_command("commune_accounts", "--year", "2024", "--out", str(out))
    old_password = sheet_rows(out.read_bytes())[0][6]
    call_command("commune_accounts", "--reset", "xa04792-2025", "--out", str(out))
    [(username, new_password)] = [r[5:7] for r in sheet_rows(out.read_bytes())]
    assert username == "xa04792-2025" and new_password != old_password
    assert not _logs_in(client, "xa04792-2025", old_password)
    assert _logs_in(client, "xa04792-2025", new_password)
    assert _logs_in(client, "xa04792", PASSWORD)  # Xã Tân Lạc, same code, untouched


def test_a_code_with_the_year_resets_the_commune_of_that_round(
    tmp_path, client, round_2024, commune_b_user
):
    out = tmp_path / "a.xlsx"
    call_command("commune_accounts", "--reset", "4792", "--year", "2024", "--out", str(out))
    [(code, name, username, password)] = [
        (r[1], r[2], r[5], r[6]) for r in sheet_rows(out.read_bytes())
    ]
    assert (code, name, username) == ("04792", "Thị trấn Mãn Đức", "xa04792-2025")
    assert _logs_in(client, username, password)
    assert _logs_in(client, "xa04792", PASSWORD)


def test_a_code_that_communes_of_two_maps_share_is_refused_without_the_year(
    tmp_path, client, round_2024, commune_b_user
):
    out = tmp_path / "a.xlsx"
    with pytest.raises(CommandError) as refused:
        call_command("commune_accounts", "--reset", "04792", "--out", str(out))
    message = str(refused.value)
    assert "Thị trấn Mãn Đức, Huyện Tân Lạc" in message and "Xã Tân Lạc" in message
    assert "xa04792" in message and "--year" in message
    assert not out.exists()
    assert _logs_in(client, "xa04792", PASSWORD)


def test_a_code_only_one_commune_ever_held_needs_no_year(tmp_path, client, commune_b):
    out = tmp_path / "a.xlsx"
    call_command("commune_accounts", "--out", str(out))
    old = sheet_rows(out.read_bytes())[0][6]
    call_command("commune_accounts", "--out", str(out), "--reset", "04792")
    new = sheet_rows(out.read_bytes())[0][6]
    assert new != old
    assert not _logs_in(client, "xa04792", old)
    assert _logs_in(client, "xa04792", new)


@pytest.mark.parametrize(
    "arguments, named",
    [
        (["--year", "2023"], "2024"),  # no round for 2023: the rounds there are are named
        (["--reset", "xa99999"], "xa99999"),  # neither a login nor a code
        (["--reset", "99999"], "99999"),  # no commune holds that code
        (["--reset", "04800", "--year", "2024"], "04800"),  # Quyết Chiến: not in the round
        (["--reset", "xa04792", "--year", "2024"], "Xã Tân Lạc"),  # today's, not 2024's
        (["--reset", "04792", "--year", "2023"], "2023"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    tmp_path, round_2024, commune_b_user, arguments, named
):
    out = tmp_path / "a.xlsx"
    with pytest.raises(CommandError) as refused:
        call_command("commune_accounts", *arguments, "--out", str(out))
    assert named in str(refused.value)
    assert not out.exists()
    assert list(User.objects.filter(commune__isnull=False)) == [commune_b_user]


def test_accounts_are_not_made_when_the_sheet_cannot_be_written(tmp_path, round_2024):
    with pytest.raises(CommandError):
        call_command("commune_accounts", "--year", "2024", "--out", str(tmp_path / "no" / "a.xlsx"))
    assert not User.objects.filter(commune__isnull=False).exists()


# --- the page -----------------------------------------------------------------------------


def _listed(response):
    """The communes listed on the page, as (code, name, login) in page order."""
    return [(c.code, c.name, a.username if a else None) for c, a in response.context["rows"]]


def test_the_page_opens_on_the_open_round(client, staff, round_2026, round_2024):
    client.force_login(staff)
    response = client.get(URL)
    assert response.context["round"] == round_2026
    assert [(code, name) for code, name, _login in _listed(response)] == [
        ("07900", "Phường Việt Trì"),
        ("04792", "Xã Tân Lạc"),
    ]


def test_with_no_round_open_the_page_opens_on_the_latest(client, staff, round_2024):
    client.force_login(staff)
    response = client.get(URL)
    assert response.context["round"] == round_2024
    page = response.content.decode()
    assert "Thị trấn Mãn Đức" in page and "Huyện Tân Lạc" in page
    assert "Xã Quyết Chiến" not in page


def test_staff_pick_the_2024_round_and_download_its_credentials(
    client, staff, round_2026, round_2024
):
    client.force_login(staff)
    assert _listed(client.get(URL, {"round": "2024"})) == [
        ("04792", "Thị trấn Mãn Đức", None),
        ("07900", "Xã Phong Phú", None),
    ]
    response = client.post(f"{URL}?round=2024", {"create": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="tai-khoan-xa-2024.xlsx"'
    caption, header, *rows = downloaded_rows(response)
    assert caption[0].startswith("Tài khoản Đảng ủy xã, phường")
    assert header == (
        "STT",
        "Mã xã",
        "Xã, phường",
        "Huyện",
        "Tỉnh",
        "Tên đăng nhập",
        "Mật khẩu",
        "Ghi chú",
    )
    note = "Đổi mật khẩu ở lần đăng nhập đầu tiên"
    assert [row[:6] + row[7:] for row in rows] == [
        (1, "04792", "Thị trấn Mãn Đức", "Huyện Tân Lạc", "Hoà Bình", "xa04792-2025", note),
        (2, "07900", "Xã Phong Phú", "Huyện Tân Lạc", "Hoà Bình", "xa07900-2025", note),
    ]
    assert all(_logs_in(Client(), row[5], row[6]) for row in rows)  # the passwords it prints
    after = client.get(URL, {"round": "2024"})
    assert [login for _code, _name, login in _listed(after)] == ["xa04792-2025", "xa07900-2025"]
    assert after.context["missing"] == 0
    # Today's communes of the 2026 round still have none: staff make them from their round.
    assert client.get(URL).context["missing"] == 2


def test_the_page_shows_who_logged_in_and_who_must_still_change_the_password(
    client, staff, round_2024
):
    client.force_login(staff)
    rows = sheet_rows(client.post(f"{URL}?round=2024", {"create": "1"}).content)
    username, password = rows[0][5:7]
    before = client.get(URL, {"round": "2024"}).content.decode()
    assert before.count("chưa đổi mật khẩu") == 2
    commune = Client()
    commune.post(reverse("login"), {"username": username, "password": password})
    changed = commune.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Tan-Lac-2024!x",
            "new_password2": "Tan-Lac-2024!x",
        },
    )
    assert changed.status_code == 302
    after = client.get(URL, {"round": "2024"}).content.decode()
    assert after.count("chưa đổi mật khẩu") == 1
    last_login = User.objects.get(username=username).last_login
    assert timezone.localtime(last_login).strftime("%d/%m/%Y") in after


def test_staff_reset_one_commune_of_the_round(client, staff, round_2024):
    client.force_login(staff)
    rows = sheet_rows(client.post(f"{URL}?round=2024", {"create": "1"}).content)
    old_password = rows[0][6]
    man_duc = Commune.objects.get(name="Thị trấn Mãn Đức")
    response = client.post(f"{URL}?round=2024", {"reset": str(man_duc.pk)})
    assert response["Content-Disposition"] == 'attachment; filename="tai-khoan-xa04792-2025.xlsx"'
    [(username, password)] = [r[5:7] for r in sheet_rows(response.content)]
    assert username == "xa04792-2025" and password != old_password
    assert _logs_in(Client(), username, password)


def test_the_communes_in_force_today_can_be_picked_without_a_round(
    client, staff, round_2024, commune_a
):
    client.force_login(staff)
    listed = _listed(client.get(URL, {"round": "current"}))
    assert [name for _code, name, _login in listed] == ["Phường Việt Trì", "Xã Tân Lạc"]
    response = client.post(f"{URL}?round=current", {"create": "1"})
    assert [r[5] for r in sheet_rows(response.content)] == ["xa07900", "xa04792"]


def test_a_commune_outside_the_chosen_round_is_not_reset_from_it(
    client, staff, round_2024, commune_b_user
):
    client.force_login(staff)
    response = client.post(f"{URL}?round=2024", {"reset": str(commune_b_user.commune_id)})
    assert response.status_code == 404
    assert _logs_in(Client(), "xa04792", PASSWORD)


def test_malformed_choices_answer_400_and_a_year_without_a_round_404(client, staff, round_2024):
    client.force_login(staff)
    assert client.get(URL, {"round": "abc"}).status_code == 400
    assert client.get(URL, {"round": "10000"}).status_code == 400
    assert client.get(URL, {"round": "2023"}).status_code == 404
    assert client.post(f"{URL}?round=2024", {"reset": "abc"}).status_code == 400


def test_leaders_and_communes_cannot_manage_accounts(client, leader, commune_a_user):
    for user in (leader, commune_a_user):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"create": "1"}).status_code == 403
