"""The only module that imports WeasyPrint: HTML in, PDF bytes out, with the project's own
fonts (static/fonts), so every Vietnamese diacritic renders the same on every machine.

The chunk worker (reports.pdf_chunks) runs in a bare process without Django's settings: it
passes the base URL itself.

WeasyPrint's user-agent stylesheet gives every element of the document six pseudo-elements
(::marker and the footnotes' and notes' calls and markers), each with computed styles of its
own: in a table of thousands of cells, most of the time spent on styles. Our documents have no
lists and no notes, so they are rendered with the same stylesheet less those rules (::marker
kept for list items): the same file, byte for byte, in less time. Should a newer WeasyPrint no
longer ask HTML for its stylesheet that way, its own is used: slower, never different.

Each thread keeps one FontConfiguration for every document it renders: making one loads
Fontconfig's configuration and the system's fonts, and each document then registered the
project's four fonts again (about 10 ms a document, six of them in a province's summary).
WeasyPrint keeps what a FontConfiguration registered (by the @font-face rule) for that reuse; the
file is the same byte for byte. Per thread, because Pango's font map is not to be shared between
threads. A forked child (reports.render) makes one of its own (forget_fonts); a Celery pool
process removes its own before it leaves (release_fonts, from reports.tasks)."""

import re
import shutil
import threading
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint import html as weasy_html
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration


def _lean_user_agent_stylesheet():
    text = weasy_html.UA.replace("\n::marker {", "\nli::marker, summary::marker {")
    text = re.sub(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", "", text, flags=re.MULTILINE)
    # Its @counter-style rules are in WeasyPrint's own already (documents start from a copy of
    # those): read again into a throwaway, not redefined there.
    return CSS(string=text, counter_style=CounterStyle())


LEAN_USER_AGENT = _lean_user_agent_stylesheet()


class _Document(HTML):
    def _ua_stylesheets(self, forms=False):
        return [LEAN_USER_AGENT]


def static_base_url():
    """Where the documents' url("fonts/…") point: the project's static folder."""
    return str(settings.BASE_DIR / "static") + "/"


_thread = threading.local()


def _fonts():
    """This thread's FontConfiguration, made on its first document, and again should the
    folder it copied the fonts into be gone or emptied (a cleaner of old files in /tmp, in a
    worker that has run for weeks): writing the PDF reads the font files again to embed them,
    and every document would then fail."""
    fonts = getattr(_thread, "fonts", None)
    folder = _fonts_folder()
    if fonts is None or (folder is not None and not any(Path(folder).glob("*"))):
        fonts = _thread.fonts = FontConfiguration()
    return fonts


def _fonts_folder():
    """The folder this thread's FontConfiguration copied the fonts into (WeasyPrint's, made on
    its first @font-face), or None."""
    return getattr(getattr(_thread, "fonts", None), "_folder", None)


def release_fonts():
    """Drop this thread's FontConfiguration and remove its folder of fonts now. For a process
    about to leave without running destructors: a Celery pool process leaves by os._exit, and
    the folder (about 1.6 MB) would stay in /tmp, one for each pool process and restart."""
    folder = _fonts_folder()
    forget_fonts()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def forget_fonts():
    """Drop this thread's FontConfiguration: the next document makes a new one. For a forked
    child, whose inherited configuration is its parent's (the same folder of fonts)."""
    _thread.fonts = None


def layout(html, *, base_url=None):
    """The document laid out in pages (WeasyPrint's Document: `pages`, then `write_pdf()`),
    for a caller that needs the page count before the file."""
    return _Document(string=html, base_url=base_url or static_base_url()).render(
        font_config=_fonts()
    )


def html_to_pdf(html, *, base_url=None):
    return layout(html, base_url=base_url).write_pdf()
