# ruff: noqa: F811 - fixtures imported from other conftests and used by name
"""The central roll-up in a browser (issue 19), at a phone's width and a desk's.

A province's staff open «Gửi số liệu lên Trung ương» from the Reports menu, export the year and
download the signed file and the installation's public key. The same process then becomes the
centre (the `central` fixture switches the URL conf, which the live server reads at every
request): the centre's staff register the province with that .pem, plus a second province that
sends nothing, upload the file, see it in use, sort the comparison by a ratio, see the chart and
the province that has not sent, and request the central PDF, built by the task queue (in-process
here), and download it. Every page on the way passes the project's browser check
(tests/e2e/check_page.js: axe, no horizontal overflow, one <h1>, …) and a clean console.

Then every central page each central role can open (tests/security/matrix_central.py), checked
the way tests/e2e/test_every_page.py checks a province's pages."""

import io
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import ReportJob
from rollup.models import Snapshot
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.e2e.test_every_page import CHECK_PAGE, WIDTHS, problems_on
from tests.evaluations.conftest import agency, assignments, hung, lan, round_2026  # noqa: F401
from tests.rollup.builders import centre_set_up, new_key, public_pem
from tests.rollup.test_central_access import world  # noqa: F401
from tests.security.matrix_central import CENTRAL_ROLES, ROWS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2026  # the year of tests/evaluations' round: Phú Thọ's two communes, both followed


def _session(browser, live_server, width, height):
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return context, page


def _check(page, name):
    """The project's browser check of the page shown, and its screenshot."""
    page.add_script_tag(url=f"{page.base_url}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
    problems = page.evaluate(CHECK_PAGE, False)
    problems += [f"console: {text}" for text in page.console_errors]
    shot(page, name)
    assert problems == [], f"{page.url}: {problems}"


def _open_menu(page):
    """On a phone the menu is folded behind its button."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()


def _pdf_text(path):
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_a_province_s_file_reaches_the_centre_s_comparison_and_report(
    request, browser, live_server, round_2026, staff, tmp_path, width, height
):
    # The province: staff find the page under Reports, export 2026 and take the public key.
    context, page = _session(browser, live_server, width, height)
    login(page, "chuyenvien", PASSWORD)
    _open_menu(page)
    page.get_by_role("button", name="Báo cáo").click()
    page.get_by_test_id("nav-snapshots").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi số liệu lên Trung ương")
    _check(page, f"central-flow-export-{width}")
    page.select_option("#year", str(YEAR))
    with page.expect_download() as download:
        page.get_by_test_id("export-snapshot").click()
    assert download.value.suggested_filename == f"snapshot-25-{YEAR}-1.json"
    snapshot_file = tmp_path / download.value.suggested_filename
    download.value.save_as(snapshot_file)
    payload = json.loads(json.loads(snapshot_file.read_text(encoding="utf-8"))["payload"])
    assert payload["installation"] == {"name": "TỈNH ỦY PHÚ THỌ", "provinces": ["25"]}
    page.reload()
    expect(page.get_by_test_id("exports")).to_contain_text("Nguyễn Thị Thu Hà")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải khóa công khai").click()
    key_file = tmp_path / download.value.suggested_filename
    download.value.save_as(key_file)
    assert key_file.read_text(encoding="ascii").startswith("-----BEGIN PUBLIC KEY-----")
    context.close()

    # The centre: the same code, its own URL conf and set-up.
    request.getfixturevalue("central")
    centre_set_up()
    context, page = _session(browser, live_server, width, height)
    login(page, "chuyenvien", PASSWORD)
    _open_menu(page)
    page.get_by_test_id("nav-provinces").click()
    _check(page, f"central-flow-provinces-empty-{width}")

    # Phú Thọ with the key file the province exported; Tuyên Quang with a pasted key.
    form = page.get_by_test_id("province-form")
    form.locator("#id_province").select_option("current:25")
    form.locator("input[type=file]").set_input_files(key_file)
    form.get_by_role("button", name="Đăng ký").click()
    expect(page.locator(".alert-success")).to_contain_text("Phú Thọ")
    form = page.get_by_test_id("province-form")
    form.locator("#id_province").select_option("current:08")
    form.locator("#id_public_key").fill(public_pem(new_key()))
    form.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_test_id("province-current-08")).to_be_visible()
    expect(page.get_by_test_id("province-current-25")).to_be_visible()
    _check(page, f"central-flow-provinces-{width}")

    # The province's file, uploaded: accepted, then in use on the snapshots page.
    page.goto(f"{page.base_url}{reverse('central:snapshot_upload')}")
    page.get_by_test_id("upload-form").locator("input[type=file]").set_input_files(snapshot_file)
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_test_id("import-outcomes")).to_contain_text("Đã tiếp nhận")
    _check(page, f"central-flow-upload-{width}")
    snapshot = Snapshot.objects.get()
    assert (snapshot.year, snapshot.sequence, snapshot.imported_by) == (YEAR, 1, staff)
    _open_menu(page)
    page.get_by_test_id("nav-snapshots").click()
    expect(page.get_by_test_id(f"snapshot-{snapshot.pk}")).to_contain_text("đang dùng")
    _check(page, f"central-flow-snapshots-{width}")
    page.get_by_test_id(f"snapshot-{snapshot.pk}").get_by_role("link").first.click()
    expect(page.get_by_test_id("badge")).to_have_text("đang dùng")
    _check(page, f"central-flow-snapshot-{width}")

    # The comparison, sorted by communes covered: both communes followed, 2/2.
    _open_menu(page)
    page.get_by_test_id("nav-comparison").click()
    if width < 768:  # the headers are hidden on a phone: the sort choice beside the year
        page.select_option("#sort", "communes")
        page.get_by_role("button", name="Xem").click()
    else:
        page.locator("th a[data-sort=communes]").click()
    expect(page).to_have_url(re.compile(r"sort=communes"))
    row = page.locator("tr[data-province='25']")
    expect(row.locator("td[data-ratio=communes] [data-testid=ratio]")).to_have_text("2/2")
    expect(page.get_by_test_id("chart")).to_have_attribute("data-ratio", "communes")
    expect(page.get_by_test_id("not-sent")).to_contain_text("Tuyên Quang")
    expect(page.get_by_test_id("not-sent")).not_to_contain_text("Phú Thọ")
    _check(page, f"central-flow-comparison-{width}")

    # The central PDF, built by the task queue, downloaded.
    _open_menu(page)
    page.get_by_test_id("nav-central-reports").click()
    form = page.get_by_test_id("request-form")
    form.locator("#id_kind").select_option("central")
    form.locator("#id_year").select_option(str(YEAR))
    form.locator("#id_number").fill("45")
    page.get_by_test_id("generate").click()
    job = ReportJob.objects.get(kind="central")
    download_link = page.get_by_test_id(f"download-{job.pk}")
    expect(download_link).to_be_visible(timeout=60_000)
    _check(page, f"central-flow-reports-{width}")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == f"bao-cao-cac-tinh-{YEAR}.pdf"
    pdf = tmp_path / "central.pdf"
    download.value.save_as(pdf)
    text = _pdf_text(pdf)
    for expected in ("VỤ ĐỊA PHƯƠNG II", "45-BC/BTCTW", "Phú Thọ", "Tuyên Quang"):
        assert expected in text, expected
    context.close()


def _central_pages_for(role, world):
    """The HTML pages the central matrix lets `role` open, with real objects."""
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    column = CENTRAL_ROLES.index(role)
    urls = []
    for name, (kwargs, get_row, _post_row) in sorted(ROWS.items()):
        if get_row.split()[column] != "200":
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return client, urls


@pytest.mark.parametrize("role", [r for r in CENTRAL_ROLES if r != "anonymous"])
def test_every_central_page_passes_the_browser_check(role, world, browser, live_server):
    client, urls = _central_pages_for(role, world)
    assert reverse("central:comparison") in urls
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems = problems_on(page, live_server.url, urls)
    context.close()
    print(f"{role}: {len(urls)} central pages at {len(WIDTHS)} widths")
    assert problems == [], "\n".join(problems)
