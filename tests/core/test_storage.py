"""Media files appear under their name only once complete: a write that stops half-way leaves
nothing under the name (and nothing in .partial/ when the process survives)."""

import pytest
from django.core.files.base import ContentFile, File

from core.storage import PARTIAL_DIR, AtomicFileSystemStorage


class _BreaksHalfWay(File):
    def __init__(self):
        super().__init__(None, name="report.pdf")

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 first half"
        raise OSError(28, "No space left on device")


@pytest.fixture
def storage(tmp_path):
    return AtomicFileSystemStorage(location=tmp_path)


def test_it_saves_the_whole_file_and_leaves_nothing_partial(storage, tmp_path):
    name = storage.save("reports/2026/summary.pdf", ContentFile(b"%PDF-1.7 whole"))
    assert (tmp_path / name).read_bytes() == b"%PDF-1.7 whole"
    assert list((tmp_path / PARTIAL_DIR).iterdir()) == []


def test_a_write_that_fails_half_way_leaves_no_file_under_the_name(storage, tmp_path):
    with pytest.raises(OSError, match="No space"):
        storage.save("reports/2026/summary.pdf", _BreaksHalfWay())
    assert not storage.exists("reports/2026/summary.pdf")
    assert list((tmp_path / PARTIAL_DIR).iterdir()) == []


def test_it_never_overwrites_a_file_of_the_same_name(storage, tmp_path):
    first = storage.save("reports/a.pdf", ContentFile(b"first"))
    second = storage.save("reports/a.pdf", ContentFile(b"second"))
    assert first != second
    assert (tmp_path / first).read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"


def test_it_is_the_default_storage():
    from django.core.files.storage import storages

    assert isinstance(storages["default"], AtomicFileSystemStorage)
