"""The round page and the chase list (issue 15, pages found unfinished): each figure says what
it counts; the list printed for the Standing Board fills the secretary's and phone columns from
the commune's contact or leaves them out; long lists of left-out pairs and extensions are cut."""

from datetime import date

import pytest
from django.urls import reverse

from assignments.models import Commune
from evaluations.models import DeadlineExtension, LeftOutPair
from tests.factories import CadreFactory, CommuneFactory
from tests.html import by_testid, parse, table_rows

pytestmark = pytest.mark.django_db

ROUND = reverse("evaluations:round", args=[2026])
MISSING = reverse("evaluations:missing", args=[2026])


def _header_and_rows(html):
    header, *rows = table_rows(by_testid(html, "missing-list"))
    return header, rows


def test_the_chase_list_leaves_out_contact_columns_no_commune_has(form_a, form_b, leader, client):
    client.force_login(leader)
    html = client.get(MISSING, {"all": "1"}).content
    header, rows = _header_and_rows(html)
    assert header == ["STT", "Xã, phường", "Phiếu còn thiếu / phải nộp", "Hạn nộp"]
    assert rows == [
        ["1", "Phường Việt Trì", "1/1", "15/12/2099"],
        ["2", "Xã Tân Lạc", "1/1", "15/12/2099"],
    ]
    assert "lược bỏ" in by_testid(html, "contacts-missing").text


def test_the_chase_list_fills_the_secretary_and_phone_from_the_communes_contact(
    form_a, form_b, leader, client
):
    Commune.objects.filter(pk=form_b.commune_id).update(
        secretary_name="Hà Văn Bình", phone="0915 222 333"
    )
    client.force_login(leader)
    header, rows = _header_and_rows(client.get(MISSING, {"all": "1"}).content)
    assert header == [
        "STT",
        "Xã, phường",
        "Bí thư Đảng ủy",
        "Điện thoại",
        "Phiếu còn thiếu / phải nộp",
        "Hạn nộp",
    ]
    assert rows == [
        ["1", "Phường Việt Trì", "", "", "1/1", "15/12/2099"],
        ["2", "Xã Tân Lạc", "Hà Văn Bình", "0915 222 333", "1/1", "15/12/2099"],
    ]


def test_the_chase_list_gives_an_address_to_write_to_when_a_commune_has_one(
    form_a, form_b, commune_a_user, leader, client
):
    commune_a_user.email = "dangu.viettri@example.vn"
    commune_a_user.save()
    client.force_login(leader)
    header, rows = _header_and_rows(client.get(MISSING).content)
    assert "Thư điện tử" in header and "Bí thư Đảng ủy" not in header
    assert rows[0][header.index("Thư điện tử")] == "dangu.viettri@example.vn"


def test_the_missing_communes_on_the_round_page_say_what_they_count(form_a, form_b, staff, client):
    client.force_login(staff)
    missing = by_testid(client.get(ROUND).content, "missing")
    assert [li.text for li in missing.find_all(tag="li")] == [
        "Phường Việt Trì thiếu 1/1 phiếu",
        "Xã Tân Lạc thiếu 1/1 phiếu",
    ]


@pytest.fixture
def twelve_left_out(round_2026, province):
    return LeftOutPair.objects.bulk_create(
        LeftOutPair(
            round=round_2026,
            commune=CommuneFactory(province=province, name=f"Xã Ngắn Ngày {n:02d}"),
            cadre=CadreFactory(),
            period_start=date(2026, 10, 1),
            period_end=date(2026, 12, 31),
            days_followed=92,
            reason=LeftOutPair.Reason.TOO_SHORT,
        )
        for n in range(12)
    )


def test_a_long_list_of_left_out_pairs_shows_its_first_ten_and_a_link_to_all(
    twelve_left_out, staff, client
):
    client.force_login(staff)
    html = client.get(ROUND).content
    assert by_testid(html, "left-out-total").text == "12"
    assert len(by_testid(html, "left-out").find_all(tag="li")) == 10
    link = by_testid(html, "left-out-all")
    assert (link.text, link.attrs["href"]) == ("Xem cả 12", "?left_out=all#left-out")
    whole = client.get(ROUND, {"left_out": "all"}).content
    assert len(by_testid(whole, "left-out").find_all(tag="li")) == 12
    assert parse(whole).find_all(testid="left-out-all") == []


def test_a_long_list_of_extensions_is_cut_the_same_way(round_2026, province, staff, client):
    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            round=round_2026,
            commune=CommuneFactory(province=province, name=f"Xã Gia Hạn {n:02d}"),
            deadline=date(2099, 12, 30),
            reason="Bão lũ",
        )
        for n in range(11)
    )
    client.force_login(staff)
    html = client.get(ROUND).content
    shown = [li.text for li in by_testid(html, "extensions").find_all(tag="li")]
    assert shown[0] == "Xã Gia Hạn 00: 30/12/2099 — Bão lũ" and len(shown) == 10
    assert by_testid(html, "extensions-all").text == "Xem cả 11"
    assert (
        len(
            by_testid(client.get(ROUND, {"extensions": "all"}).content, "extensions").find_all(
                tag="li"
            )
        )
        == 11
    )


def test_every_field_of_the_round_page_is_labelled_and_checked_by_the_server(
    twelve_left_out, staff, client
):
    client.force_login(staff)
    page = parse(client.get(ROUND).content)
    assert all("novalidate" in form.attrs for form in page.find_all(tag="form"))
    labels = {label.attrs.get("for") for label in page.find_all(tag="label")}
    for field in page.find_all(tag="input") + page.find_all(tag="select"):
        if field.attrs.get("type") == "hidden":
            continue
        assert field.attrs.get("id") in labels or field.attrs.get("aria-label"), field.attrs
