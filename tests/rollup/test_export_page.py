"""The staff page «Send figures to the centre»: choose a year, download the signed file, see
the past exports and the public key. Staff only."""

import pytest
from django.urls import reverse

from rollup import signing
from rollup.models import SnapshotExport
from rollup.schema import parse_envelope
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_staff_see_the_years_the_key_and_the_explanation(client, staff, assignments):  # noqa: F811
    client.force_login(staff)
    response = client.get(reverse("snapshots:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="2026"' in body and '<option value="2025"' in body
    key = signing.installation_key()
    assert signing.key_id(key) in body
    assert signing.public_key_pem(key).splitlines()[1] in body
    assert 'data-testid="snapshot-explanation"' in body


def test_exporting_downloads_the_file_and_lists_it(client, staff, assignments):  # noqa: F811
    client.force_login(staff)
    response = client.post(reverse("snapshots:export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="snapshot-25-2026-1.json"'
    _text, key_id, _sig = parse_envelope(response.content)
    export = SnapshotExport.objects.get()
    assert export.created_by == staff and export.key_id == key_id
    body = client.get(reverse("snapshots:home")).content.decode()
    assert export.created_at.astimezone().strftime("%Y") in body
    assert "Nguyễn Thị Thu Hà" in body  # by whom


def test_a_year_without_figures_is_refused_with_a_message(client, staff, assignments):  # noqa: F811
    client.force_login(staff)
    response = client.post(reverse("snapshots:export"), {"year": "2019"}, follow=True)
    assert response.redirect_chain and not SnapshotExport.objects.exists()
    assert "2019" in response.content.decode()


def test_the_public_key_downloads_as_pem(client, staff):
    client.force_login(staff)
    response = client.get(reverse("snapshots:public_key"))
    key = signing.installation_key()
    assert response.content.decode() == signing.public_key_pem(key)
    assert signing.key_id(key) in response["Content-Disposition"]


def test_leaders_and_communes_may_not_export(client, leader, commune_a_user):
    for user in (leader, commune_a_user):
        client.force_login(user)
        assert client.get(reverse("snapshots:home")).status_code == 403
        assert client.post(reverse("snapshots:export"), {"year": "2026"}).status_code == 403
    assert not SnapshotExport.objects.exists()


def test_staff_find_the_page_in_the_menu(client, staff):
    client.force_login(staff)
    body = client.get(reverse("reports:home")).content.decode()
    assert reverse("snapshots:home") in body
