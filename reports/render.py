"""Turn a figures snapshot (reports.figures) into the files leaders download: the
summary PDF in the Party's document format, the workbook, the per-cadre sheet. Rendering reads
only the snapshot (and, for the workbook and the cadre sheet, the forms it lists), so the same
snapshot gives the same file.

The summary's appendices list every cadre and, from 2025, every commune: hundreds of rows in a
province, thousands in the whole country, and WeasyPrint lays out table cells one by one on one
core. Above PIECES_ABOVE rows the appendices are cut into pieces of at most CHUNK_ROWS rows
(each appendix starts a page of its own anyway), rendered without page numbers side by side
with the main part, then merged after it, each page stamped with its number. Up to CHUNK_ABOVE
rows the main part and the pieces are shared out between this process and children forked
from it, one process per core in all (WeasyPrint already loaded: no second import); above it,
the pieces go to processes of their own (reports.pdf_chunks, one per core) while this one
renders the main part: they start afresh and so stay small (at 3,321 communes they took
23-24 s and 160 MB each, forked children 28 s and 200 MB). Either way a Celery worker's
child starts no multiprocessing pool. The cut depends on the number of rows only, never on the
machine or on who renders a piece, so the file stays the same byte for byte."""

import contextlib
import gc
import io
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.ratio import Ratio
from evaluations.models import Level

from . import wording

LEVEL_LABELS = dict(Level.choices)
CHART_WIDTH = 200
# Appendix rows (both appendices) up to which the summary is one document. Measured on two
# shared cores, in the same run: 151 communes (143 + 151 rows) 1.26 s in pieces against 2.08 s
# as one document (medians of 9, bench/report_pdf.py --communes 151 --repeat 9); 80 rows 0.68
# against 1.12 s, 40 rows 0.51 against 0.66 s. Pieces cost about 15 % more CPU in all (the
# merge, each piece's own styles and fonts), which a busy worker pays; below a hundred rows the
# document takes well under a second anyway.
PIECES_ABOVE = 100
CHUNK_ABOVE = 1_000  # appendix rows above which the pieces are rendered by processes of their own
CHUNK_ROWS = 1_000  # at most this many rows in one piece of the appendix
PIECES_TIMEOUT = 600  # seconds the pieces may take (the report task's own limit is longer)
PAGES = b"pages "  # how a forked child's line of page counts starts (_forked_child)


def _levels(figures):
    evaluated = figures["cadres_evaluated"]
    top = max([row["count"] for row in figures["levels"]] + [1])
    return [
        {
            "label": str(LEVEL_LABELS[row["level"]]),
            "count": row["count"],
            "percent": Ratio(row["count"], evaluated).percent_label(),
            "width": round(CHART_WIDTH * row["count"] / top),
            "y": index * 26,
        }
        for index, row in enumerate(figures["levels"])
    ]


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _section_numbers(figures):
    """The numbers of the sections after the five every report has: one by district (years
    with districts) or on the commune level (2025 on), then breakthrough tasks when the year
    has any, then the closing section."""
    count = 5 + bool(figures["by_district"] or figures.get("commune_level"))
    numbers = {}
    if figures.get("breakthroughs"):
        count += 1
        numbers["tasks"] = ROMAN[count - 1]
    numbers["closing"] = ROMAN[count]
    return numbers


def tasks_section(figures):
    """The breakthrough tasks' section (reports.figures.breakthrough_section), each ratio
    from its numerator and denominator; None in a year without tasks."""
    b = figures.get("breakthroughs")
    if not b:
        return None

    def grouped(rows, key):
        return [
            {
                "name": row[key],
                "tasks": row["tasks"],
                "concluded": row["concluded"],
                "met": wording.ratio_text(row["met"], row["concluded"]),
            }
            for row in rows
        ]

    return {
        "b": b,
        "concluded": wording.ratio_text(b["concluded"], b["tasks"]),
        "met": wording.ratio_text(b["met"], b["concluded"]),
        "targets": wording.ratio_text(b["targets_reached"], b["targets"]),
        "levels": [
            {
                "label": str(LEVEL_LABELS[row["level"]]),
                "count": row["count"],
                "percent": Ratio(row["count"], b["concluded"]).percent_label(),
            }
            for row in b["levels"]
        ],
        "all_concluded": Ratio(b["concluded"], b["concluded"]).percent_label(),
        "by_agency": grouped(b["by_agency"], "agency"),
        "by_field": grouped(b["by_field"], "field"),
    }


def _summary_context(figures, *, document_number, issued_on):
    f = figures
    return {
        "numbers": _section_numbers(f),
        "tasks": tasks_section(f),
        "f": f,
        "number": document_number,
        "issued_on": issued_on or timezone.localdate(),
        "created": f.get("computed_at", ""),
        "levels": _levels(f),
        "submitted": Ratio(f["forms"]["submitted"], f["forms"]["expected"]),
        "accepted": Ratio(f["forms"]["accepted"], f["forms"]["expected"]),
        "commended": Ratio(f["commendation"]["count"], f["commendation"]["of"]),
        "communes_all_in": Ratio(f["communes_all_in"], f["communes_with_forms"]),
        "covered_all_year": Ratio(f["communes"] - len(f["gaps"]), f["communes"]),
        "level_labels": LEVEL_LABELS,
        "all_evaluated": Ratio(f["cadres_evaluated"], f["cadres_evaluated"]),
        "kinds": wording.communes_phrase(f),
        "provisional": wording.provisional_line(f),
        "agency_totals": wording.agency_totals(f),
        "district_totals": wording.district_totals(f),
        "closing": wording.closing(f),
        "main": True,
        "numbered": True,
        "appendix": list(enumerate(f["cadres"], 1)),
        "appendix_heading": True,
        "levels_appendix": list(enumerate(_level_rows(f), 1)),
        "levels_heading": True,
        "levels_total": True,
    }


def _level_rows(figures):
    """The second appendix's rows: following at commune level, a row per commune (years with
    that level only)."""
    return (figures.get("commune_level") or {}).get("communes", [])


def summary_html(figures, *, document_number="", issued_on=None):
    """The summary's HTML as one document (tests read the sentences here)."""
    with translation.override("vi"):
        context = _summary_context(figures, document_number=document_number, issued_on=issued_on)
        return render_to_string("reports/summary.html", context)


def _chunks(rows):
    """An appendix's rows, numbered, in pieces of at most CHUNK_ROWS, as even as they go."""
    numbered = list(enumerate(rows, 1))
    if not numbered:
        return []
    count = -(-len(numbered) // CHUNK_ROWS)
    size = -(-len(numbered) // count)
    return [numbered[start : start + size] for start in range(0, len(numbered), size)]


def summary_pdf(figures, *, document_number="", issued_on=None):
    from .pdf import html_to_pdf

    levels = _level_rows(figures)
    rows = len(figures["cadres"]) + len(levels)
    if rows <= PIECES_ABOVE:
        return html_to_pdf(
            summary_html(figures, document_number=document_number, issued_on=issued_on)
        )
    with translation.override("vi"):
        context = _summary_context(figures, document_number=document_number, issued_on=issued_on)
        main_html = render_to_string(
            "reports/summary.html", dict(context, appendix=None, levels_appendix=None)
        )
        piece = dict(context, main=False, numbered=False, appendix=None, levels_appendix=None)
        cadre_chunks, level_chunks = _chunks(figures["cadres"]), _chunks(levels)
        pieces = [
            render_to_string(
                "reports/summary.html",
                dict(piece, appendix=chunk, appendix_heading=index == 0),
            )
            for index, chunk in enumerate(cadre_chunks)
        ] + [
            render_to_string(
                "reports/summary.html",
                dict(
                    piece,
                    levels_appendix=chunk,
                    levels_heading=index == 0,
                    levels_total=index == len(level_chunks) - 1,
                ),
            )
            for index, chunk in enumerate(level_chunks)
        ]
    with _apart_from_the_collector():
        if rows > CHUNK_ABOVE:
            parts = (*_render_in_processes(main_html, pieces), None)
        elif hasattr(os, "fork"):
            parts = _render_in_forks(main_html, pieces)
        else:  # not POSIX: the same pieces, one after the other here (the same file, slower)
            parts = (html_to_pdf(main_html), [html_to_pdf(html) for html in pieces], None)
        return _merge_numbered(*parts)


@contextlib.contextmanager
def _apart_from_the_collector():
    """The objects this process holds already (Django, the snapshot, the pieces' HTML) set
    apart from the garbage collector while the summary is laid out, and given back to it after.
    Laying out allocates by the hundred thousand, so the collector makes full passes, and each
    walked all of those again: 0.1 s a pass in a province's report, on the critical path since
    this process renders a share of it. A forked child inherits them set apart, so its passes
    do not copy their pages either (at 3,321 communes, pieces in forked children took twice as
    long before). Nothing is kept longer: objects that become garbage meanwhile are freed as
    usual, and those in cycles at the next pass after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _render_in_processes(main_html, pieces):
    from .pdf import html_to_pdf

    with tempfile.TemporaryDirectory(prefix="summary-") as tmp:
        workers = _start_chunk_workers(pieces, Path(tmp))
        try:
            main_pdf = html_to_pdf(main_html)  # meanwhile, here
            _wait(workers)
        finally:  # a failure here, or the task's time limit, ends the pieces' processes too
            for process in workers:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        return main_pdf, [(Path(tmp) / f"{i}.pdf").read_bytes() for i in range(len(pieces))]


def _render_in_forks(main_html, pieces):
    """The main part and the pieces shared out between this process and children forked from
    it, one process per core in all (_shares), each rendering its share while the others render
    theirs; returns the main part's PDF, the pieces' and the appendix's page numbers. A fork
    starts with WeasyPrint, its stylesheet and its fonts already loaded, where
    `python -m reports.pdf_chunks` would spend about half a second importing them: most of the
    gain for a province's report.

    A child lays out its share, tells this process how many pages each piece has, then writes
    the PDFs (about a quarter of its time). Meanwhile this process, its own share done, renders
    the page numbers: the last step before the merge is no longer on the way.

    The HTML is all rendered before forking: a child only turns HTML into PDF bytes, writes
    them into a temporary folder and leaves with os._exit, so it never runs this process's
    cleanup (atexit, finally blocks, the temporary folder's removal) and never touches the
    database or Redis connections it inherited. Inside a Celery worker's child this is
    allowed: it is multiprocessing pools that those children may not start, not os.fork."""
    from .pdf import layout

    documents = [main_html, *pieces]
    own, *others = _shares([len(html) for html in documents], _cores())
    children, reaped = {}, set()  # pid: the read end of the pipe it reports on
    with tempfile.TemporaryDirectory(prefix="summary-") as tmp:
        folder = Path(tmp)
        try:
            for share in others:
                read, write = os.pipe()
                try:
                    pid = os.fork()
                except OSError:
                    os.close(read)
                    os.close(write)
                    raise
                if pid == 0:
                    _forked_child(write, documents, share, folder)
                os.close(write)
                children[pid] = read
            pages, done = {}, {}
            for index in own:  # meanwhile, here
                document = layout(documents[index])
                pages[index] = len(document.pages)
                done[index] = document.write_pdf()
            deadline = time.monotonic() + PIECES_TIMEOUT
            heard = {pid: _read_counts(read, deadline) for pid, read in children.items()}
            numbers = None
            if all(counts is not None for counts, _ in heard.values()):
                for share, (counts, _) in zip(others, heard.values(), strict=True):
                    pages.update(zip(share, counts, strict=True))
                appendix = sum(pages[index] for index in range(1, len(documents)))
                numbers = _page_numbers(first=pages[0] + 1, count=appendix)
            _wait_forked(children, reaped, deadline=deadline, heard=heard)
        finally:  # a failure here, or the task's time limit, ends the children too
            for pid, read in children.items():
                os.close(read)
                if pid not in reaped:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        pdfs = [
            done[index] if index in done else (folder / f"{index}.pdf").read_bytes()
            for index in range(len(documents))
        ]
        return pdfs[0], pdfs[1:], numbers


def _shares(sizes, processes):
    """The documents (by index, their HTML's sizes given) shared out between at most
    `processes` processes so that they finish about together: the largest first, each to the
    share with the least so far (ties to the earlier share). The first share holds document 0,
    the main part: this process's; each other share is a child's. The time a document takes
    follows its HTML's size (table cells and text): at 151 communes the main part (13 KB) took
    0.21 s, the cadres' appendix (26 KB) 0.57 s and the communes' (32 KB) 0.79 s, so this
    process renders the main part and the cadres, one child the communes. Which process renders
    a document never changes its bytes."""
    shares = [[] for _ in range(max(1, min(processes, len(sizes))))]
    loads = [0] * len(shares)
    for index in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        least = loads.index(min(loads))
        shares[least].append(index)
        loads[least] += sizes[index]
    shares = [sorted(share) for share in shares if share]
    shares.sort(key=lambda share: 0 not in share)
    return shares


def _forked_child(pipe, documents, indexes, folder):
    """In a forked child: lay out the documents at `indexes`, write PAGES, their page counts
    and a newline into `pipe`, then write each PDF as <index>.pdf in `folder`, and
    leave by os._exit, never returning: 0 when every PDF is written, 1 with the traceback in
    the pipe."""
    status = 1
    try:
        from .pdf import forget_fonts, layout

        # Its own font configuration, whose folder of fonts WeasyPrint removes only when the
        # configuration is deleted, which os._exit never does: made in the pieces' folder, it
        # goes with it. (Each child of a province's summary left one in /tmp before.)
        tempfile.tempdir = str(folder)
        forget_fonts()
        laid_out = [(index, layout(documents[index])) for index in indexes]
        counts = " ".join(str(len(document.pages)) for _, document in laid_out)
        os.write(pipe, PAGES + counts.encode() + b"\n")
        for index, document in laid_out:
            (folder / f"{index}.pdf").write_bytes(document.write_pdf())
        status = 0
    except BaseException:  # noqa: BLE001 - whatever it is, the parent reads it and raises
        with contextlib.suppress(BaseException):  # leave anyway
            os.write(pipe, traceback.format_exc().encode()[-4000:])
    finally:
        os._exit(status)


def _read_counts(fd, deadline):
    """The page counts a child wrote into its pipe (its line starting with PAGES), or None if
    it left without (it failed); and the bytes read beyond that line, or all of them if it
    wrote none: the start of its traceback."""
    data = b""
    while b"\n" not in data and (chunk := _read_before(fd, deadline)):
        data += chunk
    line, newline, rest = data.partition(b"\n")
    if not (newline and line.startswith(PAGES)):
        return None, data
    return [int(count) for count in line[len(PAGES) :].split()], rest


def _wait_forked(children, reaped, *, deadline, heard):
    """Read each child's pipe to its end (the child has left), then reap it (its pid added to
    `reaped`, which the caller's cleanup leaves alone); raise with the last line of every failed
    child's traceback, or when the pieces outlast the deadline. `heard`: what was read from each
    pipe already (_read_counts)."""
    failures = []
    for pid, read in children.items():
        _, errors = heard[pid]
        while chunk := _read_before(read, deadline):
            errors += chunk
        _, status = os.waitpid(pid, 0)
        reaped.add(pid)
        code = os.waitstatus_to_exitcode(status)
        if code:
            lines = errors.decode(errors="replace").strip().splitlines()
            failures.append(lines[-1] if lines else f"exit {code}")
    if failures:
        raise RuntimeError("; ".join(failures))


def _read_before(fd, deadline):
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        left = deadline - time.monotonic()
        if left <= 0 or not selector.select(left):
            raise TimeoutError(f"the summary's pieces took more than {PIECES_TIMEOUT} s")
    return os.read(fd, 65536)


def _start_chunk_workers(pieces, folder):
    """One `python -m reports.pdf_chunks` per core, each given every n-th piece."""
    from .pdf import static_base_url

    for index, html in enumerate(pieces):
        (folder / f"{index}.html").write_text(html, encoding="utf-8")
    count = max(1, min(_cores(), len(pieces)))
    workers = []
    for worker in range(count):
        spec = {
            "base_url": static_base_url(),
            "chunks": [
                {"html": str(folder / f"{i}.html"), "out": str(folder / f"{i}.pdf")}
                for i in range(worker, len(pieces), count)
            ],
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "reports.pdf_chunks"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=settings.BASE_DIR,
            text=True,
        )
        process.stdin.write(json.dumps(spec))
        process.stdin.close()
        workers.append(process)
    return workers


def _cores():
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _wait(workers):
    failures = []
    for process in workers:
        errors = process.stderr.read()
        if process.wait():
            failures.append(errors.strip().splitlines()[-1:] or [f"exit {process.returncode}"])
    if failures:
        raise RuntimeError("; ".join(line for lines in failures for line in lines))


def _page_numbers(*, first, count):
    """A PDF of `count` pages bearing only their numbers, from `first` on, where the summary
    prints its own."""
    from .pdf import html_to_pdf

    return html_to_pdf(
        render_to_string("reports/page_numbers.html", {"first": first, "pages": range(count)})
    )


def _merge_numbered(main_pdf, chunk_pdfs, numbers_pdf=None):
    """The main part as it is (its own page numbers), then the appendix's pieces, each page
    stamped with its number, counted on from the main part's last page (`numbers_pdf`, those
    numbers rendered already, or rendered here)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import StreamObject

    main = PdfReader(io.BytesIO(main_pdf))
    chunks = [PdfReader(io.BytesIO(content)) for content in chunk_pdfs]
    appendix_pages = [page for chunk in chunks for page in chunk.pages]
    if numbers_pdf is None:
        numbers_pdf = _page_numbers(first=len(main.pages) + 1, count=len(appendix_pages))
    numbers = PdfReader(io.BytesIO(numbers_pdf))
    writer = PdfWriter()
    for page in main.pages:
        writer.add_page(page)
    # The page's own drawing between "q" and "Q", so the number starts from a clean state.
    save, restore = StreamObject(), StreamObject()
    save.set_data(b"q\n")
    restore.set_data(b"\nQ\n")
    wrap = writer._add_object(save), writer._add_object(restore)
    for page, number in zip(appendix_pages, numbers.pages, strict=True):
        _stamp(writer, writer.add_page(page), number, wrap)
    writer.add_metadata(dict(main.metadata or {}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


STAMP_PREFIX = "pn"  # before the stamp's resource names, apart from the page's own


def _stamp(writer, page, stamp, wrap):
    """Draw `stamp` (a page with only its number) over `page`: its drawing is appended to the
    page's, its fonts added under names of their own. Cheaper than pypdf's merge_page, which
    parses and rewrites the whole page."""
    from pypdf.generic import ArrayObject, NameObject, StreamObject

    data = stamp.get_contents().get_data()
    resources = page["/Resources"]
    for category, theirs in stamp["/Resources"].items():
        theirs = theirs.get_object()
        if not theirs:
            continue
        if category not in resources:
            resources[NameObject(category)] = type(theirs)()
        ours = resources[category].get_object()
        for name, value in theirs.items():
            renamed = f"/{STAMP_PREFIX}{name[1:]}"
            ours[NameObject(renamed)] = value.clone(writer)
            data = re.sub(re.escape(name.encode()) + rb"(?=[\s/\[\]<>()])", renamed.encode(), data)
    drawing = StreamObject()
    drawing.set_data(data)
    contents = page.raw_get("/Contents")
    own = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [wrap[0], *own, wrap[1], writer._add_object(drawing.flate_encode())]
    )


def cadre_pdf(figures, *, issued_on=None):
    from .pdf import html_to_pdf

    with translation.override("vi"):
        html = render_to_string(
            "reports/cadre.html",
            {
                "f": figures,
                "issued_on": issued_on or timezone.localdate(),
                "level_labels": LEVEL_LABELS,
                "provisional": wording.provisional_line(figures),
                "tasks": [
                    dict(task, targets=[wording.target_line(t) for t in task["targets"]])
                    for task in figures.get("tasks", [])
                ],
            },
        )
    return html_to_pdf(html)


def workbook(figures):
    """The annual workbook (reports.workbook)."""
    from .workbook import annual_workbook

    return annual_workbook(figures)
