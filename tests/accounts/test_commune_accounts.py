"""The commune accounts service: one account per commune, on either map, with a login that a
commune of the other map never takes."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.services import commune_accounts_create, credentials_sheet
from assignments.models import Commune
from tests.accounts.old_map import old_commune, sheet_rows
from tests.conftest import make_user
from tests.workbooks import rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def man_duc(commune_b):
    """Thị trấn Mãn Đức of the map before 1/7/2025, whose code 04792 is Xã Tân Lạc's today."""
    return old_commune(commune_b.code, "Thị trấn Mãn Đức", Commune.Kind.TOWNSHIP)


def _make(*communes):
    made = commune_accounts_create(communes=Commune.objects.filter(pk__in=[c.pk for c in communes]))
    return {commune.name: username for commune, username, _password in made}


def test_it_names_a_commune_of_an_earlier_map_with_the_year_its_map_ended(man_duc, commune_b):
    assert _make(man_duc) == {"Thị trấn Mãn Đức": "xa04792-2025"}
    assert _make(commune_b) == {"Xã Tân Lạc": "xa04792"}


def test_it_keeps_xa_and_the_code_for_the_map_in_force_whichever_is_made_first(man_duc, commune_b):
    assert _make(commune_b) == {"Xã Tân Lạc": "xa04792"}
    assert _make(man_duc) == {"Thị trấn Mãn Đức": "xa04792-2025"}
    assert User.objects.get(username="xa04792").commune == commune_b
    assert User.objects.get(username="xa04792-2025").commune == man_duc


def test_it_adds_the_commune_id_when_the_login_is_held_already(commune_b):
    make_user("xa04792")  # an account made by hand, tied to no commune
    assert _make(commune_b) == {"Xã Tân Lạc": f"xa04792-{commune_b.pk}"}


def test_the_sheet_names_the_district_of_an_old_commune(man_duc):
    made = commune_accounts_create(communes=Commune.objects.filter(pk=man_duc.pk))
    rows = sheet_rows(credentials_sheet(made))
    assert [r[1:6] for r in rows] == [
        ("04792", "Thị trấn Mãn Đức", "Huyện Tân Lạc", "Hoà Bình", "xa04792-2025")
    ]


def test_the_sheet_of_todays_communes_has_no_district_column(commune_b):
    made = commune_accounts_create(communes=Commune.objects.filter(pk=commune_b.pk))
    _caption, header, row = rows_of(credentials_sheet(made))
    assert header == (
        "STT",
        "Mã xã",
        "Xã, phường",
        "Tỉnh",  # no "Huyện": the map from 1/7/2025 has no districts
        "Tên đăng nhập",
        "Mật khẩu",
        "Ghi chú",
    )
    assert row[:5] == (1, "04792", "Xã Tân Lạc", "Phú Thọ", "xa04792")


def test_a_generated_password_logs_in_and_must_be_changed(tmp_path, client, commune_b):
    out = tmp_path / "tai-khoan.xlsx"
    call_command("commune_accounts", "--out", str(out))
    username, password = sheet_rows(out.read_bytes())[0][5:7]
    assert len(password) == 19 and password.count("-") == 3
    client.post(reverse("login"), {"username": username, "password": password})
    response = client.get(reverse("home"))
    assert response.url == reverse("password_change")
