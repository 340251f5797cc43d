"""The only module that imports WeasyPrint: HTML in, PDF bytes out, with the project's own
fonts (static/fonts), so every Vietnamese diacritic renders the same on every machine.

The chunk worker (reports.pdf_chunks) runs in a bare process without Django's settings: it
passes the base URL itself."""

from django.conf import settings
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration


def static_base_url():
    """Where the documents' url("fonts/…") point: the project's static folder."""
    return str(settings.BASE_DIR / "static") + "/"


def html_to_pdf(html, *, base_url=None):
    fonts = FontConfiguration()
    return HTML(string=html, base_url=base_url or static_base_url()).write_pdf(font_config=fonts)
