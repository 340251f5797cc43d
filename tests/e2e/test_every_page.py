# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""Every page each role can open, on a phone (390 px) and a desk (1366 px), checked in a browser.

The pages come from the permission matrix (tests/security/test_permission_matrix.py), which must
name every URL of the project: a page added later is checked here without anyone adding it. For
each page that answers HTML to a role, at both widths:

- axe-core (static/vendor/axe-core, never a CDN) finds no "serious" or "critical" violation;
- nothing is wider than the screen: a wide table scrolls inside its own box;
- it has a <title> and exactly one <h1>; no "---------" empty choice shows;
- every file input is the project's own (the browser's English "Choose File" hidden) with a label;
- every form carries `novalidate`, so each message is the server's Vietnamese one;
- the browser's console stays clean (a CSP violation or a missing file shows up there).

One browser context per role, logged in by a session cookie (no password hashing per page).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.activity.conftest import hung_user  # noqa: F401
from tests.evaluations.conftest import (  # noqa: F401
    agency,
    assignments,
    form_a,
    form_b,
    hung,
    lan,
    round_2026,
)
from tests.security.conftest import world  # noqa: F401
from tests.security.test_permission_matrix import MATRIX, ROLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = ((390, 844), (1366, 900))
# The roles of DECISIONS.md: commune A stands for every commune committee.
CHECKED_ROLES = ("anonymous", "commune_a", "cadre", "leader", "staff", "superuser")
# The administration site is Django's: its own forms are left as they are, its words are not.
ADMIN_PAGES = (
    "admin:index",
    "admin:core_personaldataaccess_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:accounts_user_changelist",
)

# The checks run in the page: tests/e2e/check_page.js returns a list of problems.
CHECK_PAGE = (Path(__file__).parent / "check_page.js").read_text(encoding="utf-8")


def problems_on(page, base_url, urls, admin=()):
    """Every problem of each of `urls` at each of WIDTHS: an answer other than 200, what
    check_page.js finds (axe-core loaded into the page), an error in the console. URLs under
    one of the `admin` prefixes are Django's own administration: its forms are left alone."""
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    problems = []
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            console.clear()
            response = page.goto(base_url + url)
            if response.status != 200:
                problems.append(f"{width}px {url}: answered {response.status}")
                continue
            page.add_script_tag(url=f"{base_url}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
            for problem in page.evaluate(CHECK_PAGE, url.startswith(tuple(admin))):
                problems.append(f"{width}px {url}: {problem}")
            problems += [f"{width}px {url}: console: {text}" for text in console]
    return problems


def _pages_for(role, world):
    """The HTML pages the matrix lets `role` open (GET answers 200), with real objects."""
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    urls = []
    column = ROLES.index(role)
    for name, (kwargs, get_row, _post_row) in sorted(MATRIX.items()):
        if get_row.split()[column] != "200":
            continue
        urls.append(reverse(name, kwargs=kwargs(world) if kwargs else None))
    if role == "superuser":
        urls += [reverse(name) for name in ADMIN_PAGES]
    html = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            html.append(url)
    return client, html


def _browser_context(browser, live_server, client, role):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    if role != "anonymous":
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


@pytest.mark.parametrize("role", CHECKED_ROLES)
def test_every_page_passes_the_browser_check(role, world, browser, live_server):
    client, urls = _pages_for(role, world)
    assert urls, f"no page to check for {role}"
    context = _browser_context(browser, live_server, client, role)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems = problems_on(page, live_server.url, urls, admin=[reverse("admin:index")])
    context.close()
    print(f"{role}: {len(urls)} pages at {len(WIDTHS)} widths")
    assert problems == [], "\n".join(problems)
