"""Writing report workbooks with openpyxl in write-only mode: rows stream to a temporary file as
they are appended, so memory stays flat whatever the number of rows.

Every sheet has a title row (district, cycle, what, date), the header row frozen beneath it,
column widths and number formats. Text that a spreadsheet would read as a formula (a value
starting with = + - @, a tab or a carriage return: CWE-1236, "CSV injection") is written as a
string cell with Excel's quote prefix, so it shows and stays as text even when the cell is edited.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TITLE_ROW, HEADER_ROW = 1, 2
FIRST_DATA_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its Chinese header (written in the active language), width
    (characters), the number format of its cells ("" for text) and, for template columns, the
    choices offered as a drop-down."""

    header: str
    width: int = 12
    number_format: str = ""
    choices: tuple[str, ...] = ()
    wrap: bool = False


def needs_quoting(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


MAX_TEXT = 32767  # characters in a cell; openpyxl cuts longer text there
_NUMBERS = frozenset((int, float, Decimal))  # by exact type: a bool (an int) is a boolean cell


def _bind(cell: Cell, value) -> None:
    """`cell.value = value`, the common types bound directly: openpyxl infers the type of every
    value and checks every string again, which SheetWriter.append has done (control characters
    removed, text a spreadsheet would read as a formula quoted). Same data types as openpyxl's."""
    kind = type(value)
    if kind is str and len(value) <= MAX_TEXT and value not in ERROR_CODES:
        cell._value = value
        cell.data_type = "s"
    elif kind in _NUMBERS:
        cell._value = value
        cell.data_type = "n"
    else:
        cell.value = value


class _ColumnCell(Cell):
    """The one styled cell of a column (SheetWriter._prototype). openpyxl looks a cell's style
    up in the workbook's list (hashing it) for every cell it writes; this cell looks it up again
    only when its style changed."""

    __slots__ = ("_known",)

    def __init__(self, worksheet):
        super().__init__(worksheet, column=1, row=1)
        self._known = None

    @property
    def style_id(self):
        known = self._known
        if known is None or known[0] != self._style:
            known = self._known = (copy(self._style), Cell.style_id.fget(self))
        return known[1]


class _StreamingSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking styled Cells without a detour: its own row builder
    first tries to assign a Cell as a value and catches the ValueError (whose message formats
    the cell), which tripled the cost of a styled cell. Plain values still share one cell, as in
    openpyxl (pinned in requirements.txt; tests/excel check the written files)."""

    def _values_to_row(self, values, row_idx):
        plain = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                _bind(plain, value)
                cell = plain
                if plain.has_style:  # openpyxl styles date cells itself: do not carry it on
                    plain = WriteOnlyCell(self)
            cell.column = col_idx
            cell.row = row_idx
            yield cell


class SheetWriter:
    """Appends rows to one write-only worksheet. Cells of formatted columns reuse one styled
    cell per column (openpyxl writes each cell before the next is made), so styling costs
    nothing per row."""

    def __init__(self, workbook: Workbook, *, title: str, heading: str, columns: list[Column],
                 protect: bool = False):
        self.sheet = _StreamingSheet(parent=workbook, title=title)
        workbook._add_sheet(self.sheet)
        self.columns = columns
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
        self._print_setup()
        if protect:
            # Read-only for whoever opens it (no password: the protection prevents slips, it is
            # not a secret); sorting and filtering stay available.
            self.sheet.protection.sheet = True
            self.sheet.protection.sort = False
            self.sheet.protection.autoFilter = False
        self._rows = 0
        self._add_choices()
        self._styled = [self._prototype(column) for column in columns]
        title_cell = WriteOnlyCell(self.sheet, value=heading)
        title_cell.font = Font(bold=True, size=14)
        self.sheet.append([title_cell])
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=_(column.header))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", start_color="DDE6F0")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        self.sheet.row_dimensions[HEADER_ROW].height = 30
        self.sheet.append(header)
        self._wrapped = [(i, c.width) for i, c in enumerate(columns) if c.wrap]

    def _print_setup(self) -> None:
        """A4 landscape, all columns on one page width, the title and header rows on every page,
        page numbers in the footer: the sheet prints as a report without touching Excel."""
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.paperSize = 9  # A4
        self.sheet.page_setup.fitToWidth = 1
        self.sheet.page_setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
        self.sheet.print_options.horizontalCentered = True
        self.sheet.page_margins.left = self.sheet.page_margins.right = 0.4
        footer = getattr(self.sheet, "oddFooter", None)
        if footer is not None:
            footer.center.text = _("第 &P 页，共 &N 页")

    def _prototype(self, column: Column):
        """The one styled cell of a column with a number format or wrapped text; None for plain
        columns, whose values go in as they are (a Cell handed to openpyxl costs it a caught
        exception per cell, so only cells that need a style are Cells)."""
        if not column.number_format and not column.wrap:
            return None
        cell = _ColumnCell(self.sheet)
        if column.number_format:
            cell.number_format = column.number_format
        if column.wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def _add_choices(self) -> None:
        for index, column in enumerate(self.columns, start=1):
            if not column.choices:
                continue
            letter = get_column_letter(index)
            validation = DataValidation(type="list", formula1='"' + ",".join(str(c) for c in column.choices) + '"',
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle=_("请从列表中选择"),
                                        error=pgettext("list separator", "、").join(str(c) for c in column.choices))
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}1048576")
            self.sheet.data_validations.append(validation)

    def append(self, values: Iterable) -> None:
        values = values if isinstance(values, list) else list(values)
        row = []
        for value, prototype in zip(values, self._styled, strict=True):
            if isinstance(value, str):
                # Control characters have no place in a cell (openpyxl refuses them).
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith(FORMULA_TRIGGERS):
                    # A fresh cell: one row may hold several such values.
                    quoted = WriteOnlyCell(self.sheet)
                    quoted.value = value
                    quoted.data_type = "s"
                    quoted.quotePrefix = True
                    row.append(quoted)
                    continue
            if prototype is not None and value is not None:
                _bind(prototype, value)
                row.append(prototype)
            else:
                row.append(value)
        lines = self._lines(values)
        number = FIRST_DATA_ROW + self._rows
        if lines > 1:
            # Spreadsheets do not grow a row for wrapped text on their own; the dimension is
            # dropped once the row is written, so memory stays flat.
            self.sheet.row_dimensions[number].height = 15 * lines
        self.sheet.append(row)
        if lines > 1:
            del self.sheet.row_dimensions[number]
        self._rows += 1

    def _lines(self, values) -> int:
        """Lines the tallest wrapped cell of a row needs (a CJK character is two widths)."""
        if not self._wrapped:
            return 1
        most = 1
        for index, width in self._wrapped:
            text = values[index] if index < len(values) else None
            if isinstance(text, str) and text:
                most = max(most, _wrapped_lines(text, width))
        return min(most, 15)

    @property
    def rows(self) -> int:
        return self._rows


@lru_cache(maxsize=1024)  # report columns repeat their texts (outcomes, missing data) row after row
def _wrapped_lines(text: str, width: int) -> int:
    # display width ≈ (UTF-8 bytes + characters) / 2: 1 for ASCII, 2 for CJK
    return sum(-(-((len(part.encode()) + len(part)) // 2) // max(width - 1, 1)) or 1 for part in text.split("\n"))


def settings_sheet(workbook: Workbook, *, heading: str, rows: list[tuple[str, str]]) -> None:
    """The cycle settings on their own sheet, so a printed report explains itself."""
    writer = SheetWriter(workbook, title=_("考核参数"), heading=heading,
                         columns=[Column(gettext_noop("参数"), 40), Column(gettext_noop("取值"), 50)])
    for label, text in rows:
        writer.append([label, text])


def heading(*, district: str, year: int, what: str, today: datetime.date) -> str:
    return _("{district} {year} 年度 {what}（导出日期：{today}）").format(
        district=district, year=year, what=what, today=f"{today:%Y-%m-%d}")


def new_workbook() -> Workbook:
    return Workbook(write_only=True)
