"""Importing snapshots in the browser (central:snapshot_upload): several files at once, each
accepted or refused with its own message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rollup.models import Snapshot
from tests.rollup.builders import follow, new_key, snapshot_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return new_key()


@pytest.fixture
def staff_client(central, staff, client, key):
    follow(key, "25")
    client.force_login(staff)
    return client


def _post(client, *files):
    with translation.override("en"):
        return client.post(reverse("central:snapshot_upload"), {"files": list(files)})


def test_it_imports_several_files_and_says_what_became_of_each(staff_client, key):
    good = SimpleUploadedFile("snapshot-25-2025-2.json", snapshot_file(key, sequence=2))
    older = SimpleUploadedFile("snapshot-25-2025-1.json", snapshot_file(key, sequence=1))
    stranger = SimpleUploadedFile("la.json", snapshot_file(new_key(), sequence=3))
    junk = SimpleUploadedFile("notes.json", b"{not json")
    response = _post(staff_client, good, older, stranger, junk)
    assert response.status_code == 200
    outcomes = response.context["outcomes"]
    assert [(name, accepted) for name, _s, accepted, _m in outcomes] == [
        ("snapshot-25-2025-2.json", True),
        ("snapshot-25-2025-1.json", True),
        ("la.json", False),
        ("notes.json", False),
    ]
    messages = [message for *_rest, message in outcomes]
    assert "Đã nhập phiên bản 2 năm 2025 của Tỉnh Phú Thọ" in messages[0]
    assert "được lưu là bản cũ hơn" in messages[1]
    assert "chưa được đăng ký cho Tỉnh Phú Thọ" in messages[2]
    assert "bị cắt cụt hoặc không phải JSON" in messages[3]
    assert Snapshot.objects.count() == 2
    page = response.content.decode()
    assert "la.json" in page and "notes.json" in page


def test_the_same_file_again_is_told_nothing_changed(staff_client, key):
    content = snapshot_file(key)
    _post(staff_client, SimpleUploadedFile("a.json", content))
    response = _post(staff_client, SimpleUploadedFile("a.json", content))
    (_name, _snapshot, accepted, message) = response.context["outcomes"][0]
    assert accepted and "đã được nhập trước đây: không có gì thay đổi" in message
    assert Snapshot.objects.count() == 1


def test_a_file_over_20_mb_is_refused_without_being_read(staff_client, monkeypatch):
    # The upload's size is known before its content is read: the refusal needs only that.
    import rollup.services

    monkeypatch.setattr(rollup.services, "MAX_SNAPSHOT_BYTES", 1000)
    reads = []
    monkeypatch.setattr(
        rollup.services,
        "snapshot_import",
        lambda **kwargs: reads.append(kwargs) or pytest.fail("an oversized file was read"),
    )
    response = _post(staff_client, SimpleUploadedFile("big.json", b" " * 1001))
    (_name, _snapshot, accepted, message) = response.context["outcomes"][0]
    assert not accepted and "Tệp lớn hơn" in message and "MB" in message
    assert reads == []
    assert not Snapshot.objects.exists()


def test_no_file_is_asked_for_again(staff_client):
    response = _post(staff_client)
    assert response.context["form"].errors["files"]
    assert response.context["outcomes"] == []


def test_leaders_may_not_import(central, leader, client, key):
    client.force_login(leader)
    response = client.post(
        reverse("central:snapshot_upload"),
        {"files": [SimpleUploadedFile("a.json", snapshot_file(key))]},
    )
    assert response.status_code == 403
    assert not Snapshot.objects.exists()
