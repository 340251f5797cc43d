"""Results by cadre (issue 15, pages found unfinished): one "Điều chỉnh" button per row opening
one dialog, instead of two selects, a reason box and a button on every row; a change is recorded
with its reason; a change without a reason is refused in Vietnamese, what was typed kept."""

import pytest
from django.urls import reverse

from reports.figures import cadre_results
from reports.models import ResultOverride
from tests.html import parse

pytestmark = pytest.mark.django_db

URL = reverse("reports:results", args=[2026])


def _result(name):
    return next(r for r in cadre_results(2026) if r["name"] == name)


def test_the_page_has_one_dialog_and_one_adjust_button_per_row(year_2026, client, staff):
    client.force_login(staff)
    page = parse(client.get(URL).content)
    rows = page.one(testid="results").find_all(tag="tr")[1:]
    assert len(rows) == 2
    for row in rows:
        button = row.one(tag="a")  # its cadre's name for a screen reader
        assert button.text == f"Điều chỉnh — {button.attrs['data-name']}"
        assert row.text.startswith(button.attrs["data-name"])
        assert row.find_all(tag="select") == [] and row.find_all(tag="form") == []
    assert len(page.find_all(tag="dialog")) == 1
    dialog = page.one(testid="adjust-dialog")
    assert "open" not in dialog.attrs
    assert [s.attrs["name"] for s in dialog.find_all(tag="select")] == ["level", "commendation"]
    assert dialog.one(tag="textarea").attrs["name"] == "reason"


def test_an_adjustment_through_the_dialog_is_recorded_with_its_reason(
    year_2026, client, staff, hung
):
    client.force_login(staff)
    response = client.post(
        URL,
        {
            "cadre": hung.pk,
            "level": "good",
            "commendation": "yes",
            "replacement": "",
            "reason": "Xã Thứ Ba chỉ theo dõi tạm thời",
        },
        follow=True,
    )
    assert "Đã điều chỉnh kết quả của đồng chí Nguyễn Văn Hùng." in response.content.decode()
    override = ResultOverride.objects.get(year=2026, cadre=hung)
    assert (override.level, override.commendation, override.reason) == (
        "good",
        True,
        "Xã Thứ Ba chỉ theo dõi tạm thời",
    )
    assert (_result("Nguyễn Văn Hùng")["level"], _result("Nguyễn Văn Hùng")["commendation"]) == (
        "good",
        True,
    )
    # The row's button opens the dialog on what was recorded, to change it again.
    hung_row = next(
        row
        for row in parse(response.content).one(testid="results").find_all(tag="tr")[1:]
        if row.text.startswith("Nguyễn Văn Hùng")
    )
    button = hung_row.one(tag="a")
    assert (button.attrs["data-level"], button.attrs["data-commendation"]) == ("good", "yes")
    assert button.attrs["data-reason"] == "Xã Thứ Ba chỉ theo dõi tạm thời"


def test_a_change_without_a_reason_is_refused_in_vietnamese_and_what_was_typed_is_kept(
    year_2026, client, staff, hung
):
    client.force_login(staff)
    response = client.post(
        URL, {"cadre": hung.pk, "level": "excellent", "commendation": "no", "reason": "  "}
    )
    assert not ResultOverride.objects.exists()
    dialog = parse(response.content).one(testid="adjust-dialog")
    assert "open" in dialog.attrs  # the dialog comes back open, on the same cadre
    assert "Nguyễn Văn Hùng" in dialog.text
    assert dialog.one(testid="adjust-errors").text == (
        "Chưa điều chỉnh kết quả: Đề nghị ghi lý do điều chỉnh kết quả."
    )
    selected = {
        s.attrs["name"]: [
            o.attrs["value"] for o in s.find_all(tag="option") if "selected" in o.attrs
        ]
        for s in dialog.find_all(tag="select")
    }
    assert selected == {"level": ["excellent"], "commendation": ["no"]}


def test_without_scripts_the_button_opens_the_dialog_for_its_cadre(year_2026, client, staff, hung):
    client.force_login(staff)
    page = parse(client.get(URL).content)
    href = next(
        a.attrs["href"] for a in page.find_all(tag="a") if a.attrs.get("data-cadre") == str(hung.pk)
    )
    assert href == f"?adjust={hung.pk}#adjust"
    dialog = parse(client.get(URL + href.split("#")[0]).content).one(testid="adjust-dialog")
    assert "open" in dialog.attrs and "Nguyễn Văn Hùng" in dialog.text
    hidden = {i.attrs["name"]: i.attrs.get("value") for i in dialog.find_all(tag="input")}
    assert hidden["cadre"] == str(hung.pk)


def test_leaders_read_the_results_without_a_button_or_a_dialog(year_2026, client, leader):
    client.force_login(leader)
    page = parse(client.get(URL).content)
    assert page.find_all(tag="dialog") == []
    assert [a for a in page.find_all(tag="a") if "data-adjust" in a.attrs] == []
