"""The client's address, for the access log and the login lockout: X-Forwarded-For is believed
only from a trusted proxy (TRUSTED_PROXIES), and then it is the last address not a proxy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.access import client_ip
from tests.conftest import PASSWORD


def _ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_it_ignores_the_header_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.9", "10.1.2.3") == "203.0.113.9"


def test_it_ignores_the_header_from_a_peer_that_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # The client invented the first entry; our proxies appended the real ones.
        ("6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        ("198.51.100.7,10.0.0.3", "198.51.100.7"),
        ("2001:db8::1, 10.0.0.3", "2001:db8::1"),
        # A word instead of an address: the last hop we can name.
        ("not-an-address, 10.0.0.3", "10.0.0.3"),
        ("", "10.0.0.2"),
        # Every entry a proxy: the first one is as far as we can see.
        ("10.0.0.4, 10.0.0.3", "10.0.0.4"),
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_last_address_not_a_proxy(
    settings, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert _ip("10.0.0.2", forwarded) == expected


def test_a_forged_header_does_not_escape_the_lockout(client, staff, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "chuyenvien", "password": "sai"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    locked = client.post(
        reverse("login"),
        {"username": "chuyenvien", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert locked.status_code == 429


def test_behind_the_proxy_one_client_locked_out_leaves_another_free(client, staff, settings):
    # The test client's socket address is 127.0.0.1: here it stands for the proxy.
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "chuyenvien", "password": "sai"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    attacker = client.post(
        reverse("login"),
        {"username": "chuyenvien", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert attacker.status_code == 429
    colleague = client.post(
        reverse("login"),
        {"username": "chuyenvien", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert colleague.status_code == 302
