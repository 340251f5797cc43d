"""A cadre's file is accepted by its content and its extension together, stored under a name
the server chooses and served back as a download of the type we set."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activity.models import Plan

pytestmark = pytest.mark.django_db

PDF = "%PDF-1.4 kế hoạch theo dõi".encode()


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


DOCX = _zip(["[Content_Types].xml", "word/document.xml"])


def _send(client, name, content):
    return client.post(
        reverse("activity:home"),
        {"action": "plan", "year": 2026, "plan-file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def cadre_client(client, hung_user, assignments, year_2026):
    client.force_login(hung_user)
    return client


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Kế hoạch 2026.pdf", PDF),
        ("ke-hoach.docx", DOCX),
        ("anh-chup.PNG", _png()),
        ("anh.jpeg", _jpeg()),
    ],
)
def test_it_accepts_pdf_word_and_images_that_are_what_their_names_say(
    cadre_client, settings, name, content
):
    response = _send(cadre_client, name, content)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.file_name == name
    # The server chose the stored name: nothing of the sender's name reaches the disk.
    stored = plan.file.name
    assert stored.startswith("activity/2026/") and name.rsplit(".", 1)[0] not in stored
    assert (settings.MEDIA_ROOT / stored).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kehoach.pdf", b"<html><script>alert(1)</script></html>", "không phải tệp PDF thật"),
        ("kehoach.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "không phải tệp PDF thật"),
        ("kehoach.html", PDF, "Chỉ nhận tệp PDF, Word (.docx), ảnh PNG hoặc JPEG."),
        ("kehoach.svg", b"<svg/>", "Chỉ nhận tệp PDF, Word (.docx), ảnh PNG hoặc JPEG."),
        ("kehoach.docx", _zip(["other.xml"]), "không phải tệp DOCX thật"),
        ("anh.png", _jpeg(), "không phải tệp PNG thật"),
        ("kehoach", PDF, "Chỉ nhận tệp PDF, Word (.docx), ảnh PNG hoặc JPEG."),
    ],
)
def test_it_refuses_a_file_whose_content_or_name_is_not_an_accepted_type(
    cadre_client, settings, name, content, message
):
    response = _send(cadre_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Plan.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "activity").exists()


def test_it_serves_the_file_as_a_download_of_its_type_under_the_senders_name(
    cadre_client, leader, client
):
    _send(cadre_client, "Kế hoạch 2026.pdf", PDF)
    plan = Plan.objects.get()
    client.force_login(leader)
    response = client.get(reverse("activity:file", args=["plan", plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "K%E1%BA%BF%20ho%E1%BA%A1ch%202026.pdf" in (
        disposition
    )
    assert b"".join(response.streaming_content) == PDF


def test_the_cadres_page_shows_what_was_submitted(cadre_client):
    _send(cadre_client, "Kế hoạch 2026.pdf", PDF)
    page = cadre_client.get(reverse("activity:home"), {"year": 2026}).content.decode()
    assert "Kế hoạch 2026.pdf" in page


def test_a_new_file_replaces_the_old_one_on_disk(
    cadre_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(cadre_client, "ban-1.pdf", PDF)
    first = Plan.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        _send(cadre_client, "ban-2.pdf", PDF + b" 2")
    plan = Plan.objects.get()
    assert plan.file_name == "ban-2.pdf"
    assert not (settings.MEDIA_ROOT / first).exists()
    assert (settings.MEDIA_ROOT / plan.file.name).exists()
