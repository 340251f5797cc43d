"""Build small workbooks for tests."""

import io

from openpyxl import Workbook


def xlsx(rows, *, title_rows=(), name="test.xlsx"):
    """An in-memory .xlsx whose first sheet holds `title_rows` then `rows` (header first)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in (*title_rows, *rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload(rows, name="test.xlsx", **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, xlsx(rows, **kwargs).getvalue())
