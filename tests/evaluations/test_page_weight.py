"""What a commune's phone downloads for its form, with the production static set-up.

Commune committees open the form on phones, often on mobile data. With the static files collected
as in production (hashed names, gzip/brotli copies made by whitenoise) and served by whitenoise:
- the form's HTML is at most 30 KB compressed (gzip, as the proxy in front sends it);
- a first visit (HTML, stylesheets, scripts, the icon sprite, the favicon, and the fonts the page's
  styles use) is at most 250 KB;
- a later visit is at most 40 KB: every static file is cached for a year ("immutable"), so only
  the HTML travels again.
"""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

KB = 1024
YEAR_SECONDS = 365 * 24 * 3600


class _Assets(HTMLParser):
    """The static files a page asks for, and the class names it uses."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.files, self.classes = [], set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.update((attrs.get("class") or "").split())
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "icon" or tag == "script" and attrs.get("src"):
            self.files.add(attrs.get("href") or attrs.get("src"))
        elif tag == "use":
            self.files.add(attrs["href"].split("#")[0])


def _fonts_used(css, classes, css_url):
    """Font files of the @font-face families that a rule matching one of `classes` uses."""
    faces = {}
    for block in re.findall(r"@font-face\s*{([^}]*)}", css):
        family = re.search(r"font-family:\s*\"?([^\";]+)", block).group(1)
        for url in re.findall(r"url\(\"?([^\")]+)\"?\)", block):
            faces.setdefault(family, set()).add(_resolve(css_url, url))
    used = set()
    for selectors, body in re.findall(r"([^{}@]+){([^{}]*font-family[^{}]*)}", css):
        if set(re.findall(r"\.([\w-]+)", selectors)) & classes:
            for family, urls in faces.items():
                if family in body:
                    used |= urls
    return used


def _resolve(base, relative):
    folder = base.rsplit("/", 1)[0]
    while relative.startswith("../"):
        folder, relative = folder.rsplit("/", 1)[0], relative[3:]
    return f"{folder}/{relative}"


@pytest.fixture
def production_static(tmp_path):
    """collectstatic as in production, then a client whose whitenoise serves those files."""
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "core.storage.ManifestStatic"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        # Django's admin and the browser check's axe-core are not on this page: left out to save
        # the compression time (a file the page names and lacks would fail below).
        call_command("collectstatic", "--no-input", "-i", "admin", "-i", "axe-core", verbosity=0)
        yield Client()


def _transfer(client, url):
    """Bytes on the wire for a static file, and whether the browser may keep it for a year."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200, url
    max_age = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    cached = bool(max_age) and int(max_age.group(1)) >= YEAR_SECONDS
    return int(response["Content-Length"]), response.get("Content-Encoding"), cached


def test_the_commune_form_stays_light_on_a_phone(production_static, commune_a_user, form_a):
    client = production_static
    client.force_login(commune_a_user)
    response = client.get(reverse("evaluations:form", args=[form_a.pk]))
    assert response.status_code == 200
    html = response.content
    html_size = len(gzip.compress(html, compresslevel=6))

    assets = _Assets()
    assets.feed(html.decode())
    files = set(assets.files) | set(assets.stylesheets)
    for sheet in assets.stylesheets:
        css = client.get(sheet).getvalue().decode()
        files |= _fonts_used(css, assets.classes, sheet)
    sizes = {url: _transfer(client, url) for url in sorted(files)}

    # Hashed names: the browser keeps each file a year and never asks again.
    assert all(re.search(r"\.[0-9a-f]{12}\.", url) for url in files), sorted(files)
    # The text files travel compressed.
    for url, (_size, encoding, _cached) in sizes.items():
        if url.endswith((".css", ".js", ".svg")):
            assert encoding in ("br", "gzip"), url
    first_visit = html_size + sum(size for size, _encoding, _cached in sizes.values())
    later_visit = html_size + sum(size for size, _enc, cached in sizes.values() if not cached)
    detail = ", ".join(
        f"{url.rsplit('/', 1)[-1]} {size / KB:.1f}" for url, (size, *_r) in sizes.items()
    )
    print(
        f"HTML {html_size / KB:.1f} KB; first visit {first_visit / KB:.1f} KB ({detail}); "
        f"later visit {later_visit / KB:.1f} KB"
    )
    assert html_size <= 30 * KB
    assert first_visit <= 250 * KB, detail
    assert later_visit <= 40 * KB
    # No icon font: the icons come from the sprite of those in use.
    assert not any("bootstrap-icons" in url for url in files)
