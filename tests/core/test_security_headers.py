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


def test_an_idle_session_ends_after_an_hour_and_work_keeps_it_alive(client, staff):
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from freezegun import freeze_time

    with freeze_time("2026-12-01 08:00:00") as clock:
        client.force_login(staff)
        assert client.get(reverse("home")).status_code == 200
        key = client.session.session_key

        def expiry():
            return Session.objects.get(session_key=key).expire_date

        first = expiry()
        assert (first - timezone.now()).total_seconds() == 3600  # an hour, not Django's two weeks
        clock.tick(20)
        client.get(reverse("home"))
        assert expiry() == first  # not written again within the minute
        clock.tick(50 * 60)  # working: 50 minutes later the session is renewed
        client.get(reverse("home"))
        assert expiry() > first
        clock.tick(61 * 60)  # then idle for more than an hour
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_sends_hsts_over_https_only_and_marks_cookies_secure(client, settings):
    page = reverse("login")
    secure = client.get(page, secure=True)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in secure.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get(page).headers  # never over plain HTTP
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert secure.cookies["csrftoken"]["secure"]
    assert secure.cookies["csrftoken"]["samesite"] == "Lax"


def test_behind_the_proxy_plain_http_is_sent_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response.url.startswith("https://")
    forwarded = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert forwarded.status_code == 200


def test_the_session_cookie_is_not_readable_by_scripts(client, staff):
    response = client.post(
        reverse("login"), {"username": "chuyenvien", "password": "mat-khau-thu-nghiem"}
    )
    assert response.cookies["sessionid"]["httponly"]
