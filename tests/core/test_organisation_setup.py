"""The set-up page: the first staff login on a new installation goes there, and what is saved
is what the reports print."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.models import Organisation
from tests.conftest import make_user


@pytest.fixture
def staff(db):
    """A staff member of a new installation (the shared fixture comes with it set up)."""
    return make_user("chuyenvien", Role.STAFF)


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser("admin", "admin@example.vn", "mat-khau-thu-nghiem")


SETUP = {
    "party_committee": "TỈNH ỦY LAI CHÂU",
    "department": "BAN TỔ CHỨC",
    "place_name": "Lai Châu",
    "document_suffix": "-BC/BTCTU",
    "signer_on_behalf": "K/T TRƯỞNG BAN",
    "signer_title": "PHÓ TRƯỞNG BAN",
    "signer_name": "Lò Văn Pọm",
    "report_recipients": "- Thường trực Tỉnh ủy (b/c),\n- Lưu VT.",
}


def test_the_first_staff_login_goes_to_the_setup_page(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("organisation_setup")
    page = client.get(response.url).content.decode()
    assert 'data-testid="setup-first-time"' in page
    [field] = re.findall(r'<input[^>]*name="party_committee"[^>]*>', page)
    assert "value=" not in field  # no province is assumed


def test_the_first_administrator_login_goes_there_too(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("home")).url == reverse("organisation_setup")


def test_saving_the_setup_records_it_and_home_opens_as_usual(client, staff):
    client.force_login(staff)
    response = client.post(reverse("organisation_setup"), SETUP)
    assert response.status_code == 302 and response.url == reverse("home")
    organisation = Organisation.current()
    assert organisation.is_configured
    assert organisation.party_committee == "TỈNH ỦY LAI CHÂU"
    assert organisation.document_suffix == "BC/BTCTU"  # "Số 127-BC/BTCTU", one hyphen
    assert client.get(reverse("home")).status_code == 200


def test_a_setup_without_a_signer_is_refused_and_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    response = client.post(reverse("organisation_setup"), dict(SETUP, signer_name=" "))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trường này là bắt buộc." in page
    assert 'value="TỈNH ỦY LAI CHÂU"' in page
    assert not Organisation.current().is_configured


def test_a_leader_or_a_commune_cannot_change_the_setup(client, leader, commune_a_user):
    for user in (leader, commune_a_user):
        client.force_login(user)
        assert client.get(reverse("organisation_setup")).status_code == 403
        assert client.post(reverse("organisation_setup"), SETUP).status_code == 403
    assert not Organisation.current().is_configured


def test_a_leader_is_not_sent_to_the_setup_page(client, leader):
    client.force_login(leader)
    assert client.get(reverse("home")).status_code == 200
