"""A commune's Party committee is named with its kind in lower case after "Đảng ủy" (issue 15):
"Đảng ủy xã Hợp Kim", never "Đảng ủy Xã Hợp Kim", in menus, titles, e-mails and accounts."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import commune_accounts_create
from assignments.models import Commune
from tests.factories import CommuneFactory
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kind", "committee"),
    [
        ("Xã Hợp Kim", Commune.Kind.COMMUNE, "Đảng ủy xã Hợp Kim"),
        ("Phường Tân Hòa", Commune.Kind.WARD, "Đảng ủy phường Tân Hòa"),
        ("Đặc khu Cô Tô", Commune.Kind.SPECIAL_ZONE, "Đảng ủy đặc khu Cô Tô"),
        ("Thị trấn Hưng Hóa", Commune.Kind.TOWNSHIP, "Đảng ủy thị trấn Hưng Hóa"),
        ("Hợp Kim", Commune.Kind.COMMUNE, "Đảng ủy xã Hợp Kim"),  # a name without its kind
    ],
)
def test_it_writes_the_kind_in_lower_case_after_dang_uy(name, kind, committee):
    commune = CommuneFactory.build(name=name, kind=kind)
    assert commune.committee_name == committee
    assert commune.name == name  # the commune's own name keeps its capitals


def test_a_new_commune_account_is_named_after_its_committee_in_the_menu(client):
    commune = CommuneFactory(name="Phường Tân Hòa", kind=Commune.Kind.WARD)
    commune_accounts_create(communes=Commune.objects.filter(pk=commune.pk))
    user = User.objects.get(commune=commune)
    user.must_change_password = False
    user.save()
    client.force_login(user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert by_testid(page, "user-menu").text == "Đảng ủy phường Tân Hòa Đảng ủy xã, phường"
    assert parse(page).one(tag="h1").text == "Đảng ủy phường Tân Hòa"
    assert "Đảng ủy Phường" not in page


@pytest.mark.parametrize(
    "district, kind, expected",
    [
        (None, "tinh", "Đảng bộ tỉnh Phú Thọ"),
        (None, "thanh_pho", "Đảng bộ thành phố Phú Thọ"),
        ("Huyện Bình Xuyên", "tinh", "Đảng bộ huyện Bình Xuyên"),
        ("Thị xã Phú Thọ", "tinh", "Đảng bộ thị xã Phú Thọ"),
    ],
)
def test_a_commune_names_the_party_organisation_above_its_committee(
    province, district, kind, expected
):
    from assignments.models import District

    province.kind = kind
    province.save()
    commune = Commune(province=province, name="Xã Hợp Kim", kind=Commune.Kind.COMMUNE)
    if district:
        commune.district = District.objects.create(province=province, name=district)
    assert commune.parent_organisation == expected
