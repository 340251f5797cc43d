"""Browser tests: Playwright drives Debian's Chromium (headless) against the live server.

Without Chromium the tests are skipped on a developer's machine and fail under CI, where
.ci/run installs it.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.ci import skip_or_fail
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-screenshots"))

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # An English browser on purpose: the interface must still be Vietnamese.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.console_errors = console_errors
    yield page
    context.close()
    # A CSP violation (inline style or script) or a missing file shows up as a console error.
    assert console_errors == [], console_errors


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fill_login_form(page, username, password):
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def login(page, username, password):
    """Log in through the form; returns once the browser has left the login page.

    A browser test waits for the state it needs (a URL, a message, a figure: expect(...)),
    never for a fixed time and never for "network idle", which a page that has not started
    to change already is; a failing browser test is a fault to find, never retried."""
    fill_login_form(page, username, password)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
