"""The summary PDF is the same file, byte for byte, whenever it is printed again from the same
snapshot for the same date, even when its appendices are long enough to be rendered in pieces
(by children forked from the process for a province's hundreds of rows, by processes of their
own for the country's thousands) and merged: the pages are then numbered on without a gap, and
every appendix page starts with the table's header row."""

import copy
import io
import json
import os
import re
import time
from datetime import date

import pytest
from pypdf import PdfReader

from reports import pdf, render
from reports.figures import annual_summary

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 12, 20)


def _snapshot_as_stored(figures):
    """The figures as a report job keeps them (a JSON field) and reads them back."""
    return json.loads(json.dumps(figures, default=str))


def _pages(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_it_prints_the_same_file_again_from_the_same_snapshot_and_date(year_2026):
    figures = annual_summary(2026)
    first = render.summary_pdf(figures, document_number="127", issued_on=ISSUED)
    again = render.summary_pdf(
        _snapshot_as_stored(figures), document_number="127", issued_on=ISSUED
    )
    assert first == again
    reader = PdfReader(io.BytesIO(first))
    # Dated from the snapshot, not from the moment it was printed.
    stamp = re.sub(r"\D", "", figures["computed_at"])[:14]
    assert reader.metadata["/CreationDate"].startswith(f"D:{stamp}")
    other_day = render.summary_pdf(figures, document_number="127", issued_on=date(2026, 12, 21))
    assert other_day != first


@pytest.fixture
def country_sized(year_2026, monkeypatch):
    """The 2026 snapshot with 70 cadres in its appendix, and pieces of at most 25 rows above 5:
    the same path as the country's thousands, at a test's size."""
    monkeypatch.setattr(render, "PIECES_ABOVE", 5)
    monkeypatch.setattr(render, "CHUNK_ABOVE", 5)
    monkeypatch.setattr(render, "CHUNK_ROWS", 25)
    figures = copy.deepcopy(annual_summary(2026))
    model = figures["cadres"][0]
    figures["cadres"] = [
        dict(model, name=f"Cán Bộ Thử {n:02d}", communes=[f"Xã Thử {n:02d}"]) for n in range(1, 71)
    ]
    return _snapshot_as_stored(figures)


def test_a_long_appendix_printed_in_pieces_reads_as_one_document(country_sized):
    whole = render.summary_pdf(country_sized, document_number="127", issued_on=ISSUED)
    pages = _pages(whole)
    # Numbered from page 2 on, without a gap or a repeat where one piece ends.
    assert [text.strip().splitlines()[-1] for text in pages[1:]] == [
        str(n) for n in range(2, len(pages) + 1)
    ]
    appendix = [text for text in pages if "Cán Bộ Thử" in text]
    assert "PHỤ LỤC" in appendix[0]
    assert len(appendix) >= 3  # three pieces of 24, 24 and 22 rows, each a page or more
    for text in appendix:  # the header row first (after the heading on the first page)
        rows = text.split("PHỤ LỤC")[-1].split("năm 2026\n")[-1]
        assert re.match(r"STT Họ và tên Chức vụ, cơ quan .* theo dõi Mức độ Đề xuất\n", rows)
    listed = re.findall(r"(\d+) Cán Bộ Thử (\d\d)", " ".join(appendix))
    assert [(int(number), int(name)) for number, name in listed] == [(n, n) for n in range(1, 71)]


def test_a_long_appendix_gives_the_same_bytes_again_on_any_number_of_cores(
    country_sized, monkeypatch
):
    first = render.summary_pdf(country_sized, document_number="127", issued_on=ISSUED)
    monkeypatch.setattr(render, "_cores", lambda: 1)
    again = render.summary_pdf(
        copy.deepcopy(country_sized), document_number="127", issued_on=ISSUED
    )
    assert again == first


def _with_commune_level(figures, count):
    """`figures` with following at commune level: `count` communes named "Xã Cấp Xã NN", each
    with the same numbers, and their totals."""
    model = {
        "hamlets_followed": 3,
        "hamlets_in_force": 4,
        "households": 400,
        "households_covered": 300,
        "members_assigned": 3,
        "members_serving": 5,
        "member_meetings": 12,
        "members_under": 1,
        "cadres": ["Nguyễn Văn Hùng"],
    }
    rows = [dict(model, name=f"Xã Cấp Xã {n:02d}") for n in range(1, count + 1)]
    totals = {key: value * count for key, value in model.items() if key != "cadres"}
    figures["commune_level"] = {
        "day": "2026-12-31",
        "min_commune": 4,
        "min_province": 1,
        "communes": rows,
        "totals": dict(
            totals,
            communes=count,
            communes_fully_followed=0,
            members_several=0,
            members_left_following=0,
            cadre_meetings=count,
            cadres_under=0,
            cadres=count,
        ),
    }
    return figures


def _assert_numbered_on(pages):
    """Page 1 carries no number; every later page its own, without a gap or a repeat."""
    assert [text.strip().splitlines()[-1] for text in pages[1:]] == [
        str(n) for n in range(2, len(pages) + 1)
    ]


def test_the_commune_level_appendix_comes_in_pieces_too_numbered_on_with_one_total(
    country_sized,
):
    """Following at commune level lists every commune (thousands in the country): its table is
    the second appendix, cut and merged like the first, each commune once, in order, the
    total row at its end only."""
    _with_commune_level(country_sized, 60)
    whole = render.summary_pdf(country_sized, document_number="127", issued_on=ISSUED)
    pages = _pages(whole)
    _assert_numbered_on(pages)
    second = [text for text in pages if "Xã Cấp Xã" in text]
    assert "PHỤ LỤC 2" in second[0] and "PHỤ LỤC 2" not in " ".join(second[1:])
    listed = re.findall(r"(\d+) Xã Cấp Xã (\d\d)", " ".join(second))
    assert [(int(number), int(name)) for number, name in listed] == [(n, n) for n in range(1, 61)]
    assert " ".join(second).count("Tổng cộng") == 1
    assert "Tổng cộng 180/240" in second[-1]
    again = render.summary_pdf(
        copy.deepcopy(country_sized), document_number="127", issued_on=ISSUED
    )
    assert again == whole


@pytest.fixture
def province_sized(year_2026):
    """The 2026 snapshot of a province: 60 cadres and 60 communes followed at commune level,
    120 appendix rows, just above PIECES_ABOVE (the real thresholds)."""
    figures = copy.deepcopy(annual_summary(2026))
    model = figures["cadres"][0]
    figures["cadres"] = [
        dict(model, name=f"Cán Bộ Thử {n:02d}", communes=[f"Xã Thử {n:02d}"]) for n in range(1, 61)
    ]
    return _snapshot_as_stored(_with_commune_level(figures, 60))


@pytest.fixture
def forks(monkeypatch):
    """The pids of the children the report forks, on a machine of two cores."""
    pids, fork = [], os.fork

    def counted():
        pid = fork()
        pids.append(pid)
        return pid

    monkeypatch.setattr(render, "_cores", lambda: 2)
    monkeypatch.setattr(render.os, "fork", counted)
    return pids


def test_a_province_sized_report_is_printed_in_pieces_by_forked_children(province_sized, forks):
    assert render.PIECES_ABOVE < 120 <= render.CHUNK_ABOVE
    whole = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    # One process per core in all: this one renders the main part and the cadres' appendix
    # (about as long to lay out as the communes' alone), one child the communes'.
    assert len(forks) == 1
    pages = _pages(whole)
    _assert_numbered_on(pages)
    first = [text for text in pages if "Cán Bộ Thử" in text]
    second = [text for text in pages if "Xã Cấp Xã" in text]
    assert len(first) >= 2 and len(second) >= 2
    for text in first:  # the header row on every page (after the heading on the first)
        rows = text.split("PHỤ LỤC")[-1].split("năm 2026\n")[-1]
        assert re.match(r"STT Họ và tên Chức vụ, cơ quan .* theo dõi Mức độ Đề xuất\n", rows)
    for text in second:
        assert 0 <= text.find("STT Xã, phường") < text.find("Xã Cấp Xã")
    listed = re.findall(r"(\d+) Cán Bộ Thử (\d\d)", " ".join(first))
    assert [(int(number), int(name)) for number, name in listed] == [(n, n) for n in range(1, 61)]
    assert " ".join(second).count("Tổng cộng") == 1
    assert "Tổng cộng 180/240" in second[-1]
    again = render.summary_pdf(
        copy.deepcopy(province_sized), document_number="127", issued_on=ISSUED
    )
    assert again == whole


def test_it_prints_the_same_file_where_it_cannot_fork(province_sized, forks, monkeypatch):
    forked = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    monkeypatch.delattr(render.os, "fork")
    here = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert here == forked


def test_it_prints_the_same_file_on_any_number_of_cores(province_sized, forks, monkeypatch):
    two = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    monkeypatch.setattr(render, "_cores", lambda: 4)
    four = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert len(forks) == 1 + 2  # on four cores, a child for each of the two appendices
    monkeypatch.setattr(render, "_cores", lambda: 1)
    one = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert len(forks) == 3  # on one core, all of it here
    assert two == four == one


def test_a_report_of_a_hundred_rows_is_one_document(province_sized, forks):
    province_sized["cadres"] = province_sized["cadres"][:40]
    whole = render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert forks == []
    assert whole == pdf.html_to_pdf(
        render.summary_html(province_sized, document_number="127", issued_on=ISSUED)
    )


def test_a_piece_that_fails_fails_the_report_and_leaves_no_child_behind(
    province_sized, forks, monkeypatch
):
    lay_out = pdf.layout

    def broken(html, **kwargs):
        if "PHỤ LỤC 2" in html:
            raise ValueError("phông chữ hỏng")
        return lay_out(html, **kwargs)

    monkeypatch.setattr(pdf, "layout", broken)
    with pytest.raises(RuntimeError, match="ValueError: phông chữ hỏng"):
        render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert len(forks) == 1
    for pid in forks:  # each reaped: no zombie, nothing still running
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_piece_that_fails_once_laid_out_fails_the_report_too(province_sized, forks, monkeypatch):
    """The child has told its page count (the numbers are printed meanwhile), then fails while
    writing its PDF: the report fails with the child's error, not with a file short of pages."""
    lay_out = pdf.layout

    class Unwritable:
        def __init__(self, document):
            self.pages = document.pages

        def write_pdf(self):
            raise OSError("đĩa đầy")

    def broken(html, **kwargs):
        document = lay_out(html, **kwargs)
        return Unwritable(document) if "PHỤ LỤC 2" in html else document

    monkeypatch.setattr(pdf, "layout", broken)
    with pytest.raises(RuntimeError, match="OSError: đĩa đầy"):
        render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert len(forks) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(forks[0], 0)


def test_a_failure_here_ends_the_child_still_rendering(province_sized, forks, monkeypatch):
    """This process fails on its own share (the cadres' appendix) while the child is still
    laying out the communes': the error is the report's, and the child is ended and reaped."""
    lay_out = pdf.layout

    def broken(html, **kwargs):
        if "PHỤ LỤC 2" in html:  # the child's: slow enough to be running still
            time.sleep(30)
        if "Cán Bộ Thử 01" in html:
            raise ValueError("bảng cán bộ hỏng")
        return lay_out(html, **kwargs)

    monkeypatch.setattr(pdf, "layout", broken)
    started = time.monotonic()
    with pytest.raises(ValueError, match="bảng cán bộ hỏng"):
        render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
    assert time.monotonic() - started < 20  # not waiting for the child
    assert len(forks) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(forks[0], 0)


def test_the_children_leave_nothing_in_the_temporary_folder(
    province_sized, forks, temporary_folder
):
    """WeasyPrint copies the fonts into a folder of their own in /tmp, removed when it is done
    with them; a forked child leaves without that clean-up, and each province's summary left
    its children's copies behind. Only this process's own stays, for its next document."""
    for _ in range(2):
        render.summary_pdf(province_sized, document_number="127", issued_on=ISSUED)
        assert [path.name[:11] for path in temporary_folder.iterdir()] == ["weasyprint-"]
    assert len(forks) == 2
