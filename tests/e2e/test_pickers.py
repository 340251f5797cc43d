"""The long lists (communes, cadres) are searchable pickers (Tom Select) that a screen reader can
name and that fit a phone (issue 15)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from assignments import services
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.factories import AgencyFactory, CadreFactory, CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

POSITION = "Phó Giám đốc Sở Giáo dục và Đào tạo"  # long labels: the list must wrap, not widen


def _serious_axe_violations(page):
    page.add_script_tag(url=f"{page.base_url}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
    return page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)"""
    )


def _named_by(page, field):
    """The text a screen reader gives the picker's search box (its aria-labelledby)."""
    return page.evaluate(
        """(id) => {
            const box = document.getElementById(id);
            const ids = (box.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
            return ids.map((i) => document.getElementById(i).innerText.trim()).join(" ");
        }""",
        f"id_{field}-ts-control",
    )


def _open_fits(page, field, width):
    page.locator(f"#id_{field}-ts-control").click()
    dropdown = page.locator(f"#id_{field}-ts-dropdown")
    expect(dropdown).to_be_visible()
    box = dropdown.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_assignment_form_has_named_searchable_pickers_that_fit_the_screen(
    page, staff, province, width, height
):
    CommuneFactory.create_batch(30, province=province)
    agency = AgencyFactory()
    CadreFactory.create_batch(30, agency=agency, position=POSITION)
    CadreFactory(full_name="Trần Thị Ánh Tuyết", agency=agency, position=POSITION)
    page.set_viewport_size({"width": width, "height": height})
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/assignments/new/")
    assert _named_by(page, "commune").startswith("Xã, phường")
    assert _named_by(page, "cadre").startswith("Cán bộ theo dõi")
    expect(page.locator("#id_commune-ts-control")).to_have_attribute("placeholder", "— Chọn xã —")
    assert _serious_axe_violations(page) == []
    _open_fits(page, "cadre", width)
    page.keyboard.type("anh tuyet")  # diacritic-blind search
    found = page.locator("#id_cadre-ts-dropdown .option[data-selectable]")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Trần Thị Ánh Tuyết")
    shot(page, f"assignment-picker-open-{width}")


def test_the_reassign_form_has_a_named_cadre_picker_on_a_phone(page, staff, commune_a):
    cadres = CadreFactory.create_batch(3, agency=AgencyFactory(), position=POSITION)
    assignment = services.assignment_create(
        cadre=cadres[0],
        commune=commune_a,
        start_date=commune_a.valid_from,
        decision_number="1250-QĐ/TU",
        decision_date=commune_a.valid_from,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/assignments/{assignment.pk}/reassign/")
    assert _named_by(page, "cadre").startswith("Cán bộ được phân công mới")
    assert _serious_axe_violations(page) == []
    _open_fits(page, "cadre", 390)
