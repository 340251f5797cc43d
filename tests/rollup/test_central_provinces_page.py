"""Provinces and keys (central:provinces): staff register a province of either map with its
public key, pasted or uploaded, and add another key later; leaders only read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rollup.models import FollowedProvince, ProvinceKey
from rollup.services import snapshot_import
from tests.rollup.builders import follow, key_id_of, new_key, public_pem, snapshot_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(central, staff, client):
    client.force_login(staff)
    return client


def test_staff_register_a_current_province_with_a_pasted_key(staff_client, staff):
    key = new_key()
    response = staff_client.post(
        reverse("central:provinces"), {"province": "current:25", "public_key": public_pem(key)}
    )
    assert response.status_code == 302
    province = FollowedProvince.objects.get()
    assert (province.code, province.name, province.map) == ("25", "Tỉnh Phú Thọ", "current")
    assert province.added_by == staff
    assert province.keys.get().key_id == key_id_of(key)
    page = staff_client.get(reverse("central:provinces")).content.decode()
    assert "Tỉnh Phú Thọ" in page
    assert key_id_of(key) in page


def test_staff_register_an_old_province_with_a_key_file(staff_client):
    key = new_key()
    upload = SimpleUploadedFile("hoa-binh.pem", public_pem(key).encode())
    response = staff_client.post(
        reverse("central:provinces"), {"province": "old:17", "key_file": upload}
    )
    assert response.status_code == 302
    province = FollowedProvince.objects.get()
    assert (province.name, province.map) == ("Tỉnh Hòa Bình", "old")


def test_the_choice_names_both_maps(staff_client):
    page = staff_client.get(reverse("central:provinces")).content.decode()
    assert 'value="current:25"' in page
    assert 'value="old:17"' in page
    assert page.count('value="current:') == 34
    assert page.count('value="old:') == 63


def test_a_malformed_key_is_refused_and_nothing_is_written(staff_client):
    with translation.override("en"):
        response = staff_client.post(
            reverse("central:provinces"), {"province": "current:25", "public_key": "hello"}
        )
    assert response.status_code == 200
    assert "không phải là khóa công khai định dạng PEM" in response.content.decode()
    assert not FollowedProvince.objects.exists()


def test_a_province_needs_a_key(staff_client):
    with translation.override("en"):
        response = staff_client.post(reverse("central:provinces"), {"province": "current:25"})
    assert "Hãy dán khóa công khai của tỉnh hoặc chọn tệp khóa." in response.content.decode()
    assert not FollowedProvince.objects.exists()


def test_registering_the_same_key_twice_changes_nothing(staff_client):
    key = new_key()
    data = {"province": "current:25", "public_key": public_pem(key)}
    staff_client.post(reverse("central:provinces"), data)
    with translation.override("en"):
        response = staff_client.post(reverse("central:provinces"), data, follow=True)
    assert "đã có khóa" in response.content.decode()
    assert ProvinceKey.objects.count() == 1


def test_staff_add_a_second_key_and_the_first_stays(staff_client):
    first, second = new_key(), new_key()
    province = follow(first, "25")
    url = reverse("central:province_key_add", args=[province.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"public_key": public_pem(second)})
    assert response.status_code == 302
    assert set(province.keys.values_list("key_id", flat=True)) == {
        key_id_of(first),
        key_id_of(second),
    }


def test_the_list_shows_the_snapshot_in_use_per_year(staff_client):
    key = new_key()
    follow(key, "25")
    newer, _ = snapshot_import(content=snapshot_file(key, year=2025, sequence=2))
    older, _ = snapshot_import(content=snapshot_file(key, year=2025, sequence=1))
    page = staff_client.get(reverse("central:provinces")).content.decode()
    assert reverse("central:snapshot_detail", args=[newer.pk]) in page
    assert reverse("central:snapshot_detail", args=[older.pk]) not in page


def test_leaders_read_the_list_without_the_forms(central, leader, client):
    province = follow(new_key(), "25")
    client.force_login(leader)
    page = client.get(reverse("central:provinces")).content.decode()
    assert "Tỉnh Phú Thọ" in page
    assert 'data-testid="province-form"' not in page
    assert reverse("central:province_key_add", args=[province.pk]) not in page
    response = client.post(
        reverse("central:provinces"),
        {"province": "current:01", "public_key": public_pem(new_key())},
    )
    assert response.status_code == 403
    assert FollowedProvince.objects.count() == 1
