"""Reading an uploaded sheet, row by row, in openpyxl's read-only mode, after excel.guard has
checked the file. Cells are turned into values by small parsers that say what is wrong in the
active language; every problem is kept as (sheet, row, column, message) so a person can fix the file in
one pass."""
from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from .guard import HEADER_SEARCH_ROWS, FileRejected, Inspection, inspect


def _declared_size(ws: ReadOnlyWorksheet) -> None:
    """A read-only sheet's declared dimension, read up to the start of its rows.

    openpyxl (pinned in requirements.txt) looks for a sheet's <dimension> as each read-only sheet
    is opened, listening for elements' ends: when a sheet has none (openpyxl's write-only mode
    never writes one: our templates, filled in by a script), the end of <sheetData> is the end of
    the sheet, so the whole sheet was parsed once for nothing before being read, doubling the
    cost of an import. The dimension comes before <sheetData> (ECMA-376), so listening for
    starts finds the same dimension, or its absence, at the start of the rows."""
    source = ws._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                ws._min_column, ws._min_row, ws._max_column, ws._max_row = (
                    SheetDimension.from_tree(element).boundaries)
                break
            if element.tag == DATA_TAG:
                break
    finally:
        source.close()


ReadOnlyWorksheet._get_size = _declared_size


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def english(text: str) -> str:
    """A workbook's Chinese word (a header, a sheet name) as an export with English headers writes it."""
    with translation.override("en"):
        return _(text)


def listed(items) -> str:
    """Items joined as a list in the active language (、 in Chinese)."""
    return pgettext("list separator", "、").join(str(item) for item in items)


class Invalid(ValueError):
    """A cell's value cannot be used; the message says why."""


class Sheet:
    """The worksheet named `name` of an upload (the name its export writes: a hidden first
    sheet, or any other, is never read instead), its header row found among the first five rows
    (the one holding every required header). `rows()` yields (row number, {header: value})."""

    def __init__(self, upload, *, name: str, headers: list[str], required: list[str]):
        found: Inspection = inspect(upload)
        try:
            self.workbook = load_workbook(upload, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds for a malformed part
            raise FileRejected(_("文件已损坏或不是 Excel 生成的 .xlsx，无法读取。")) from None
        if not self.workbook.worksheets:
            raise FileRejected(_("文件中没有工作表。"))
        if name not in self.workbook.sheetnames and english(name) in self.workbook.sheetnames:
            name = english(name)  # exported with English headers
        if name not in self.workbook.sheetnames:
            present = listed(_("“{name}”").format(name=n) for n in self.workbook.sheetnames[:10])
            raise FileRejected(_("文件中没有名为“{name}”的工作表（现有 {present}）；请使用系统导出的模板，"
                                 "并保留其工作表名称。").format(name=_(name), present=present))
        self.ws = self.workbook[name]
        self.name = self.ws.title
        self.problems: list[Problem] = []
        part = getattr(self.ws, "_worksheet_path", "")
        self.formulas = part.lstrip("/") in found.formulas
        for cell_range in found.merged.get(part.lstrip("/"), []):
            self.problems.append(Problem(self.name, _first_row(cell_range),
                                         cell_range.split(":")[0].rstrip("0123456789"),
                                         _("单元格 {cells} 是合并单元格，请取消合并，每行每格填写一个值。").format(
                                             cells=cell_range)))
        claimed = self.ws.max_row or 0
        if claimed > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
            raise FileRejected(_("工作表“{sheet}”声明有 {rows} 行，超过导入上限 {limit} 行。").format(
                sheet=self.name, rows=f"{claimed:,}", limit=f"{settings.IMPORT_MAX_ROWS:,}"))
        # Columns beyond the limit are not read: a dimension of A1:XFD… would pad every row to 16,384
        self.max_col = settings.IMPORT_MAX_COLUMNS
        self._rows = self.ws.iter_rows(max_col=self.max_col, values_only=not self.formulas)
        self.columns = self._find_header(headers, required)

    def _find_header(self, headers: list[str], required: list[str]) -> dict[str, int]:
        aliases = {english(h): h for h in headers if english(h) not in headers}
        for number in range(1, HEADER_SEARCH_ROWS + 1):
            row = next(self._rows, None)
            if row is None:
                break
            values = [self._value(cell) for cell in row]
            texts = [v.strip() if isinstance(v, str) else v for v in values]
            texts = [aliases.get(t, t) if isinstance(t, str) else t for t in texts]  # English headers
            if all(h in texts for h in required):
                self.header_row = number
                return {h: texts.index(h) for h in headers if h in texts}
        raise FileRejected(_("工作表“{sheet}”的前 {rows} 行中找不到表头；应包含以下列：{columns}。"
                             "请使用系统导出的模板。").format(sheet=self.name, rows=HEADER_SEARCH_ROWS,
                                                          columns=listed(_(h) for h in required)))

    def _value(self, cell):
        return cell if not self.formulas else cell.value

    def letter(self, header: str) -> str:
        return get_column_letter(self.columns[header] + 1)

    def problem(self, row: int | None, header: str | None, message: str) -> None:
        column = self.letter(header) if header in getattr(self, "columns", {}) else ""
        label = _("{column}：").format(column=_(header)) if header else ""
        self.problems.append(Problem(self.name, row, column, label + message))

    def rows(self):
        """(row number, {header: value}) for every row below the header that is not blank."""
        limit = settings.IMPORT_MAX_ROWS
        count = 0
        for number, row in enumerate(self._rows, start=self.header_row + 1):
            record = {}
            for header, index in self.columns.items():
                if index >= len(row):
                    record[header] = None
                    continue
                cell = row[index]
                if self.formulas and getattr(cell, "data_type", None) == "f":
                    self.problem(number, header, _("请填写数值，不能使用公式。"))
                    record[header] = None
                    continue
                value = self._value(cell)
                if isinstance(value, str):
                    value = value.strip() or None
                record[header] = value
            if all(v is None for v in record.values()):
                continue
            count += 1
            if count > limit:
                raise FileRejected(_("数据超过导入上限 {limit} 行，请分批导入。").format(limit=f"{limit:,}"))
            yield number, record
        self.workbook.close()


def _first_row(cell_range: str) -> int | None:
    match = re.search(r"[0-9]+", cell_range)
    return int(match.group()) if match else None


# --- cell parsers: each returns the value or raises Invalid ------------------------------------


def text(value, *, max_length: int, required: bool = False) -> str:
    if value is None:
        if required:
            raise Invalid(_("不能为空。"))
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        raise Invalid(_("应为文字，不是日期。"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > max_length:
        raise Invalid(_("不超过 {limit} 字（现有 {length} 字）。").format(limit=max_length, length=len(result)))
    return result


INTEGER_DIGITS = 15  # ids and quarters; a float holds every integer of 15 digits exactly
ASCII_INTEGER = re.compile(r"^[0-9]{1,%d}$" % INTEGER_DIGITS)


def integer(value, *, required: bool = True) -> int | None:
    if value is None:
        if required:
            raise Invalid(_("不能为空。"))
        return None
    if isinstance(value, bool):
        raise Invalid(_("应为整数。"))
    if isinstance(value, float) and value.is_integer():  # never inf or nan
        value = int(value)
    if isinstance(value, int):
        if abs(value) >= 10 ** INTEGER_DIGITS:
            raise Invalid(_("数值过大（超过 {digits} 位）。").format(digits=INTEGER_DIGITS))
        return value
    # ASCII digits only: str.isdigit() also takes "²" and "٣", which int() then refuses or reads
    if isinstance(value, str) and ASCII_INTEGER.match(value.strip()):
        return int(value.strip())
    raise Invalid(_("应为整数，现为“{value}”。").format(value=_shown(value)))


def number(value, *, low=Decimal(0), high=Decimal(100), places: int = 2) -> Decimal | None:
    """A number in [low, high] with at most `places` decimals; None for an empty cell.

    Text is taken exactly as written ("1e-400" has too many decimals, "1e308" is out of range);
    a float from Excel is first rounded a few places beyond what is allowed, to drop its binary
    noise. The range is checked before any rounding, so no value, however large or small, can
    overflow the decimal context (it raised InvalidOperation: a 500)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.datetime)):
        raise Invalid(_("应为数值。"))
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(_("应为数值，现为“{value}”。").format(value=_shown(value))) from None
    if not result.is_finite():
        raise Invalid(_("应为数值，现为“{value}”。").format(value=_shown(value)))
    if not low <= result <= high:
        raise Invalid(_("应在 {low} 到 {high} 之间，现为 {value}。").format(low=low, high=high,
                                                                   value=_shown(value, result)))
    if isinstance(value, float):
        # 87.5 is exact, 0.1 + 0.2 is 0.30000000000000004; |result| ≤ high, so this stays small
        result = result.quantize(Decimal(1).scaleb(-(places + 4)))
    if result != result.quantize(Decimal(1).scaleb(-places)):
        raise Invalid(_("最多保留 {places} 位小数，现为 {value}。").format(places=places, value=_shown(value, result)))
    return result.quantize(Decimal(1).scaleb(-places))


def _shown(value, result: Decimal | None = None, *, longest: int = 30) -> str:
    """A value for a message: a number written out in full when short ("87.55"), else as typed."""
    if result is not None and -longest < result.adjusted() < longest:
        shown = format(result.normalize(), "f")
        if len(shown) <= longest:
            return shown
    shown = repr(value) if isinstance(value, float) else str(value).strip()
    return shown if len(shown) <= longest else shown[:longest] + "…"


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date(value, *, required: bool = True) -> datetime.date | None:
    """A date cell, or unambiguous text YYYY-MM-DD; other text (2024年3月1日, 3/1) is refused."""
    if value is None:
        if required:
            raise Invalid(_("不能为空。"))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(_("“{value}”不是有效日期。").format(value=value)) from None
    raise Invalid(_("应为日期（设置为日期格式，或写作 2024-03-01），现为“{value}”。").format(value=value))


def choice(value, options: dict[str, str], *, required: bool = True, what: str = "") -> str | None:
    """One of `options` ({accepted text: code}); codes are accepted too."""
    if value is None:
        if required:
            raise Invalid(_("不能为空。"))
        return None
    key = str(value).strip()
    if key in options:
        return options[key]
    if key in options.values():
        return key
    shown = listed(dict.fromkeys(options))
    raise Invalid(_("只能是{what}{choices}之一，现为“{value}”。").format(what=what, choices=shown, value=value))
