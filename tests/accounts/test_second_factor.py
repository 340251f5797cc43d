"""Staff, leaders and the administrator can add a second factor (TOTP); REQUIRE_TOTP makes it
compulsory for them; once enrolled, no page opens before the code."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _vi(text):
    with translation.override("vi"):
        return translation.gettext(text)


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _enrol(client, user):
    client.force_login(user)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("otp_setup"), {"token": _code(device)})
    device.refresh_from_db()
    assert device.confirmed
    # The next login is at least one time step later: the code just used cannot be replayed.
    device.last_t = -1
    device.save()
    return device, response


def _log_in(client, username):
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_staff_enrol_by_scanning_the_code_and_typing_one(client, staff):
    client.force_login(staff)
    page = client.get(reverse("otp_setup")).content.decode()
    assert "<svg" in page and "<path" in page  # the QR code, drawn inline (no script)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post(
        reverse("otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert (
        _vi("The code is not right. Check the time on your phone and type the current code.")
        in wrong.content.decode()
    )
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0
    device.save()
    _device, response = _enrol(client, staff)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("otp_setup")).context["device"] == device


def test_once_enrolled_no_page_opens_before_the_code(client, leader):
    device, _response = _enrol(client, leader)
    _log_in(client, "lanhdao")
    response = client.get(reverse("reports:home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('otp_verify')}?next={reverse('reports:home')}"
    assert client.get(reverse("access_log")).status_code == 302

    refused = client.post(reverse("otp_verify"), {"token": "12345", "next": "/reports/"})
    assert _vi("Type the 6 digits the app shows.") in refused.content.decode()

    response = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/reports/"})
    assert response.status_code == 302 and response.url == "/reports/"
    assert client.get(reverse("reports:home")).status_code == 200


def test_the_admin_too_is_behind_the_code(client, superuser):
    _enrol(client, superuser)
    _log_in(client, "admin")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))


def test_wrong_codes_slow_down_guessing(client, staff):
    device, _response = _enrol(client, staff)
    _log_in(client, "chuyenvien")
    for _ in range(2):
        client.post(reverse("otp_verify"), {"token": "000001"})
    response = client.post(reverse("otp_verify"), {"token": _code(device)})
    assert response.status_code == 200
    assert (
        _vi("Too many wrong codes. Wait a minute, then type the new code.")
        in response.content.decode()
    )
    assert client.get(reverse("home")).status_code == 302


def test_a_redirect_after_the_code_stays_on_this_site(client, staff):
    device, _response = _enrol(client, staff)
    _log_in(client, "chuyenvien")
    response = client.post(
        reverse("otp_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_required_in_production_staff_enrol_before_anything_else(client, staff, settings):
    settings.REQUIRE_TOTP = True
    client.force_login(staff)
    response = client.get(reverse("assignments:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("otp_setup"))
    assert client.get(reverse("otp_setup")).status_code == 200
    device, _response = _enrol(client, staff)
    assert client.get(reverse("assignments:dashboard")).status_code == 200
    # Required: it cannot be turned off.
    client.post(reverse("otp_setup"), {"token": _code(device)})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_communes_and_cadres_are_not_asked(client, commune_a_user, settings):
    settings.REQUIRE_TOTP = True
    client.force_login(commune_a_user)
    assert client.get(reverse("evaluations:home")).status_code == 200
    assert client.get(reverse("otp_setup")).status_code == 403


def test_turning_it_off_takes_a_valid_code(client, staff):
    device, _response = _enrol(client, staff)
    client.post(reverse("otp_setup"), {"token": "000002"})
    assert TOTPDevice.objects.filter(user=staff).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    client.post(reverse("otp_setup"), {"token": _code(device)})
    assert not TOTPDevice.objects.filter(user=staff).exists()
