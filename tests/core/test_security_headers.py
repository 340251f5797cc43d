import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_forbids_inline_scripts_and_outside_sources(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_it_serves_bootstrap_and_htmx_itself_without_a_cdn(client):
    page = client.get(reverse("login")).content.decode()
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # no inline script
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200


def test_it_ends_a_session_after_its_absolute_lifetime(client, staff, settings):
    client.force_login(staff)
    assert client.get(reverse("home")).status_code == 200
    settings.SESSION_ABSOLUTE_SECONDS = -1
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_keeps_sessions_for_an_hour_of_idleness_not_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE == 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
