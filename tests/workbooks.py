"""Build small workbooks for tests, and read the ones the application writes."""

import io

from openpyxl import Workbook, load_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def rows_of(content, sheet=0):
    """Every row of a workbook's sheet (its index or its name), as Excel reads the cells: text
    as text, numbers as numbers, dates as datetimes, empty cells as None."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def downloaded_rows(response, sheet=0):
    """The rows of the workbook a view answered with, once sure it is an Excel attachment."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.xlsx"')
    return rows_of(response.content, sheet)
