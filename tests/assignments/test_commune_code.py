"""A commune's official code is stored one way, however it was typed: Excel drops the leading
zero of 04792, and staff may type 4792 too; both are commune 04792."""

from datetime import date

import pytest
from django.urls import reverse

from assignments.imports import CommuneImport
from assignments.models import Commune
from core.imports import run_import
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db


def _commune_form(province, code, **extra):
    data = {
        "code": code,
        "name": "Xã Tân Lạc",
        "kind": "xa",
        "province": province.pk,
        "valid_from": "01/07/2025",
    }
    data.update(extra)
    return data


def test_it_stores_a_code_typed_without_its_leading_zero_with_five_digits(client, staff, province):
    client.force_login(staff)
    response = client.post(reverse("registry:commune_new"), _commune_form(province, " 4792 "))
    assert response.status_code == 302
    assert Commune.objects.get().code == "04792"


def test_the_form_and_the_import_store_the_same_code(client, staff, province):
    rows = [("Mã xã", "Tên xã", "Loại", "Tỉnh"), (4792, "Xã Tân Lạc", "xã", "Phú Thọ")]
    assert run_import(CommuneImport(), xlsx(rows)).ok
    client.force_login(staff)
    response = client.post(reverse("registry:commune_new"), _commune_form(province, "4792"))
    assert "Mã 04792 đã thuộc về «Xã Tân Lạc»" in response.content.decode()
    assert list(Commune.objects.values_list("code", flat=True)) == ["04792"]


def test_an_import_finds_the_commune_the_form_added(client, staff, province):
    client.force_login(staff)
    client.post(reverse("registry:commune_new"), _commune_form(province, "4792"))
    rows = [
        ("Mã xã", "Tên xã", "Loại", "Tỉnh", "Bí thư"),
        ("04792", "Xã Tân Lạc", "xã", "Phú Thọ", "Lò Văn Pọm"),
    ]
    result = run_import(CommuneImport(), xlsx(rows))
    assert (result.new, result.changed) == (0, 1)
    assert Commune.objects.get().secretary_name == "Lò Văn Pọm"


def test_a_code_that_is_not_digits_is_refused_by_the_form(client, staff, province):
    client.force_login(staff)
    response = client.post(reverse("registry:commune_new"), _commune_form(province, "٠٤٧٩٢"))
    assert "Mã chỉ gồm chữ số." in response.content.decode()
    assert not Commune.objects.exists()


def test_searching_a_code_without_its_leading_zero_finds_the_commune(client, staff, commune_b):
    client.force_login(staff)
    page = client.get(reverse("registry:commune_list"), {"q": "4792"}).content.decode()
    assert "Xã Tân Lạc" in page


def test_the_end_of_validity_before_its_start_is_refused_by_the_form_and_the_import(
    client, staff, province
):
    client.force_login(staff)
    response = client.post(
        reverse("registry:commune_new"), _commune_form(province, "04792", valid_to="30/06/2025")
    )
    assert "Ngày hết hiệu lực đứng trước ngày bắt đầu hiệu lực." in response.content.decode()
    rows = [("Mã xã", "Tên xã", "Loại", "Tỉnh"), ("04792", "Xã Tân Lạc", "xã", "Phú Thọ")]
    result = run_import(
        CommuneImport(options={"valid_from": date(2026, 1, 1), "valid_to": date(2025, 12, 31)}),
        xlsx(rows),
    )
    assert [e.message for e in result.errors] == [
        "Ngày hết hiệu lực đứng trước ngày bắt đầu hiệu lực."
    ]
    assert not Commune.objects.exists()
