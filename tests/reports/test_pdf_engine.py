"""reports.pdf renders with a leaner user-agent stylesheet than WeasyPrint's own (no footnote or
note pseudo-elements on every element): faster, and the very same file, byte for byte, for the
summary and for the per-cadre sheet."""

from datetime import date

import pytest
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from reports import pdf, render
from reports.figures import annual_summary
from reports.pdf import html_to_pdf, static_base_url
from reports.services import cadre_figures

pytestmark = pytest.mark.django_db


def _as_weasyprint_alone(html):
    return HTML(string=html, base_url=static_base_url()).write_pdf(font_config=FontConfiguration())


def test_it_gives_the_summary_weasyprint_alone_would_give(year_2026):
    html = render.summary_html(
        annual_summary(2026), document_number="127", issued_on=date(2026, 12, 20)
    )
    assert html_to_pdf(html) == _as_weasyprint_alone(html)


def test_it_gives_the_cadre_sheet_weasyprint_alone_would_give(year_2026, hung, monkeypatch):
    printed = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: printed.append(html) or html_to_pdf(html))
    sheet = render.cadre_pdf(cadre_figures(2026, hung), issued_on=date(2026, 12, 20))
    assert sheet == _as_weasyprint_alone(printed[0])


def test_a_list_in_a_document_keeps_its_bullets_and_numbers():
    html = "<ol><li>Một</li><li>Hai</li></ol><ul><li>Ba</li></ul>"
    assert html_to_pdf(html) == _as_weasyprint_alone(html)


def test_fonts_are_loaded_once_a_thread_and_the_file_stays_the_same(year_2026):
    """Each thread keeps its font configuration from one document to the next (the project's
    fonts registered once): the second summary printed in a thread is the same file as one
    printed with fonts loaded afresh, and another thread has a configuration of its own."""
    import threading

    html = render.summary_html(
        annual_summary(2026), document_number="127", issued_on=date(2026, 12, 20)
    )
    html_to_pdf("<p>Trước đó, một văn bản khác: <b>đậm</b>, <i>nghiêng</i>.</p>")
    fonts = pdf._fonts()
    assert html_to_pdf(html) == _as_weasyprint_alone(html)
    assert pdf._fonts() is fonts
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(pdf._fonts()))
    thread.start()
    thread.join()
    assert elsewhere[0] is not fonts


def test_fonts_copied_into_a_folder_since_removed_are_loaded_again(year_2026):
    """A worker that has run for weeks may find the folder its fonts were copied into removed
    by a cleaner of /tmp: the next document loads them again (it failed: the PDF embeds the
    fonts from those files), and is the same file."""
    import shutil

    html = render.summary_html(
        annual_summary(2026), document_number="127", issued_on=date(2026, 12, 20)
    )
    first = html_to_pdf(html)
    folder = pdf._fonts()._folder
    for font in folder.iterdir():  # the files first, as a cleaner by age goes
        font.unlink()
    assert html_to_pdf(html) == first
    shutil.rmtree(pdf._fonts()._folder)
    assert html_to_pdf(html) == first


def test_a_celery_pool_process_leaving_removes_its_fonts_folder(temporary_folder):
    """A Celery pool process leaves by os._exit, which runs no destructor: on its way out
    (worker_process_shutdown) it removes the folder its fonts were copied into, and a document
    printed after that (in a process that goes on) loads them again."""
    from celery.signals import worker_process_shutdown

    import reports.tasks  # noqa: F401 - connects the handler, as the worker's autodiscovery does

    tmp_path = temporary_folder
    html = '<style>@font-face { font-family: S; src: url("fonts/LiberationSerif-Bold.ttf"); }'
    html += '</style><p style="font-family: S">Đảng ủy xã</p>'
    first = html_to_pdf(html)
    assert [path.name[:11] for path in tmp_path.iterdir()] == ["weasyprint-"]
    worker_process_shutdown.send(sender=None, pid=1234, exitcode=0)
    assert list(tmp_path.iterdir()) == []
    assert html_to_pdf(html) == first
