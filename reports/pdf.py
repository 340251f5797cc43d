"""The only module that imports WeasyPrint: HTML in, PDF bytes out, with the project's own
fonts (static/fonts), so every Vietnamese diacritic renders the same on every machine."""

from django.conf import settings
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

FONT_DIR = settings.BASE_DIR / "static" / "fonts"


def html_to_pdf(html):
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").write_pdf(
        font_config=fonts
    )
