import io

import pytest
from openpyxl import load_workbook

from tests.evaluations.conftest import full_year, scored_year  # noqa: F401 (fixtures)


def workbook_of(response):
    """The .xlsx of a download response, opened by openpyxl as a user's Excel would."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return load_workbook(io.BytesIO(body))


def rows_of(sheet, first=3):
    """The data rows below the title and header rows, as lists of values."""
    return [list(r) for r in sheet.iter_rows(min_row=first, values_only=True)]


def xlsx(rows, *, title="季度评分", header_row=None, **options) -> io.BytesIO:
    """A workbook holding `rows` (lists of values) on its first sheet, as staff would make; the
    sheet is named `title`, by default the quarterly score sheet's name (imports read the sheet
    of their layout's name)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    if header_row is not None:
        sheet.append(["标题"])
        sheet.append(header_row)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff"])
    return client
