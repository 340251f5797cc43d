"""Each static asset's URL is worked out once per process (core.storage, issue 16), and still
follows the manifest and the settings."""

import json
from unittest import mock

import pytest
from django.templatetags.static import static
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST = {"version": "1.1", "hash": "0", "paths": {"css/app.css": "css/app.0123abcd4567.css"}}


@pytest.fixture
def production_storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "core.storage.ManifestStatic"},
        },
        DEBUG=False,
    ):
        yield


def test_an_asset_has_its_hashed_url_worked_out_once(production_storage):
    hashed = "/static/css/app.0123abcd4567.css"
    parent = CompressedManifestStaticFilesStorage.url
    with mock.patch.object(
        CompressedManifestStaticFilesStorage, "url", autospec=True, side_effect=parent
    ) as worked_out:
        assert [static("css/app.css") for _ in range(3)] == [hashed] * 3
    assert worked_out.call_count == 1


def test_a_missing_asset_is_refused_every_time(production_storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            static("css/missing.css")


def test_the_url_follows_the_settings(production_storage):
    assert static("css/app.css") == "/static/css/app.0123abcd4567.css"
    with override_settings(STATIC_URL="/assets/"):
        assert static("css/app.css") == "/assets/css/app.0123abcd4567.css"
    with override_settings(DEBUG=True):  # the manifest's own rule: plain names when debugging
        assert static("css/app.css") == "/static/css/app.css"
    assert static("css/app.css") == "/static/css/app.0123abcd4567.css"


def test_without_collectstatic_the_plain_name_is_served():
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "core.storage.Static"},
        }
    ):
        assert static("css/app.css") == static("css/app.css") == "/static/css/app.css"
