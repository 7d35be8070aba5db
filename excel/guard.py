"""Opening an uploaded workbook safely. Everything here runs before openpyxl sees the file:

- size: empty or over the upload limit;
- kind: a zip with the parts of an .xlsx (a renamed CSV or any other file is refused), and not
  an encrypted (password-protected) workbook or an old .xls, which are OLE compound files;
- zip bombs: the member count, the total uncompressed size and each member's compression ratio,
  from the zip directory (Python's zipfile never inflates a member past its declared size);
- XML attacks: every XML part is UTF-8 (the only encoding Excel writes), so that the byte scan
  that follows sees what the parser will see; then no DTD or entity declaration in any part
  (entity expansion, external entities), on top of defusedxml, which openpyxl uses when it is
  installed;
- memory: openpyxl holds the stylesheet, the shared strings and most small parts whole, and
  keeps, of a sheet, each row while it reads it and everything outside the rows. So each part is
  capped by its uncompressed size and its element count, both counted while streaming the
  member (never inflated whole): the stylesheet by a fixed cap; the shared strings and each sheet
  by caps derived from IMPORT_MAX_ROWS and IMPORT_MAX_COLUMNS; a sheet's every row too, and
  nothing may stand between its rows. Whatever passes stays within about 100 MB of openpyxl's
  memory (bench/import_guard.py measures the hostile files at the caps);
- merged cells, which do not map to rows, are found in the sheet XML (read-only mode hides them).

Then the workbook opens in read-only mode.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 300
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100  # for members larger than RATIO_FLOOR uncompressed
RATIO_FLOOR = 1024 * 1024
XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
SCAN_CHUNK = 1024 * 1024
HEADER_SEARCH_ROWS = 5  # the header row is one of the first five (excel.reader)
MB = 1024 * 1024
# openpyxl's memory for a part it holds whole, measured (bench/import_guard.py): ~1.5 KB a cell
# format, ~150 bytes a shared string, ~80 bytes an element left under a sheet's root.
STYLES_MAX_ELEMENTS = 20_000  # Excel itself stops at 64,000 cell formats; a workbook has hundreds
STYLES_MAX_BYTES = 4 * MB
STRING_ELEMENTS_PER_ROW = 2  # <si><t>: one distinct text a data row (~150 bytes each in openpyxl)
STRING_BYTES_PER_ROW = 128
SHEET_BYTES_PER_ROW = 1024  # an exported template row is ~650 bytes (inline strings)
SHEET_ELEMENTS_PER_ROW = 64  # a template row is ≤ 61 (20 columns × <c><is><t> + <row>)
ROW_ELEMENTS_PER_COLUMN = 4  # <c><is><t>, or <c><f><v>, with room
ROW_BYTES_PER_COLUMN = 64 * 1024  # a cell holds at most 32,767 characters
SHEET_OUTSIDE_MAX_ELEMENTS = 10_000  # columns, validations, merges, links: kept whole by openpyxl
OTHER_MAX_ELEMENTS = 100_000  # every other part together (workbook, rels, theme, drawings…)
OTHER_MAX_BYTES = 8 * MB  # each
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
ROW_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row\s*>")
OVERLAP = 64  # bytes carried to the next chunk, uncounted, so that a row's start tag is not cut
UTF8_BOM = b"\xef\xbb\xbf"
XML_DECLARATION = re.compile(rb"<\?xml[\s?][^>]*>")
DECLARED_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([^"']*)["']""")


class FileRejected(ValueError):
    """The upload cannot be read as a workbook; the message says why, in the active language."""


@dataclass
class Inspection:
    merged: dict[str, dict[str, None]] = field(default_factory=dict)  # sheet part → merged ranges, in order
    formulas: set[str] = field(default_factory=set)  # sheet parts that hold a formula


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def too_large(size: int) -> str:
    return _("文件过大（{size} MB），上限为 {limit} MB。").format(size=f"{size / 1048576:.1f}",
                                                                limit=max_bytes() // 1048576)


@dataclass(frozen=True)
class Caps:
    """What one part may hold: `label` names it for the refusal (Chinese source text, translated
    when the message is made)."""

    label: str
    bytes: int
    elements: int
    rows: int = 0  # sheets: rows, and each row's elements and bytes
    row_elements: int = 0
    row_bytes: int = 0


def caps_for(name: str) -> Caps:
    rows = settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    columns = settings.IMPORT_MAX_COLUMNS
    if SHEET_PART.fullmatch(name):
        return Caps(gettext_noop("工作表"), rows * SHEET_BYTES_PER_ROW, rows * SHEET_ELEMENTS_PER_ROW, rows=rows,
                    row_elements=columns * ROW_ELEMENTS_PER_COLUMN, row_bytes=columns * ROW_BYTES_PER_COLUMN)
    if name == "xl/sharedStrings.xml":
        return Caps(gettext_noop("共享字符串表"), rows * STRING_BYTES_PER_ROW, rows * STRING_ELEMENTS_PER_ROW)
    if name == "xl/styles.xml":
        return Caps(STYLES, STYLES_MAX_BYTES, STYLES_MAX_ELEMENTS)
    return Caps(PART, OTHER_MAX_BYTES, OTHER_MAX_ELEMENTS)


STYLES, PART = gettext_noop("样式表"), gettext_noop("部件")
ELEMENTS = pgettext_lazy("unit of a count of XML elements", "个")
ROWS = pgettext_lazy("unit of a count of rows", "行")


def _over(name: str, caps: Caps, what: str, limit: int, unit: str) -> FileRejected:
    """`what` of the part `name` is over `limit` (in MB when `unit` is "MB", else a count of `unit`)."""
    shown = f"{limit / MB:.1f} MB" if unit == "MB" else f"{limit:,} {unit}"
    hint = _("请在 Excel 中清除多余的单元格格式后再上传。") if caps.label == STYLES else ""
    return FileRejected(_("文件的{part}（{name}）{what}超过上限 {limit}，拒绝处理。{hint}").format(
        part=_(caps.label), name=name, what=what, limit=shown, hint=hint).strip())


def inspect(upload) -> Inspection:
    """Check `upload` (a binary file object, positioned anywhere) and return what the sheets hold
    that read-only mode does not show. Raises FileRejected."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise FileRejected(_("文件为空。"))
    if size > max_bytes():
        raise FileRejected(too_large(size))
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(CFB_MAGIC):
        body = upload.read()
        upload.seek(0)
        if "EncryptionInfo".encode("utf-16-le") in body:
            raise FileRejected(_("文件设置了打开密码，请在 Excel 中取消密码后另存为 .xlsx 再上传。"))
        raise FileRejected(_("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。"))
    if not head.startswith(ZIP_MAGIC):
        raise FileRejected(_("不是有效的 Excel 文件（.xlsx）；CSV、文本或改了扩展名的文件不能导入。"))
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(_("文件已损坏，无法作为 .xlsx 打开。")) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRejected(_("不是有效的 Excel 文件（.xlsx）：缺少工作簿内容。"))
    if len(members) > MAX_MEMBERS:
        raise FileRejected(_("文件结构异常（包含 {count} 个部件），拒绝处理。").format(count=len(members)))
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise FileRejected(_("文件解压后过大（{size} MB），疑似压缩炸弹，拒绝处理。").format(
            size=f"{total / 1048576:.0f}"))
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            caps = caps_for(member.filename)
            if member.file_size > caps.bytes:  # zipfile never inflates past the declared size
                raise _over(member.filename, caps, _("解压后"), caps.bytes, "MB")
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise FileRejected(_("文件压缩比异常，疑似压缩炸弹，拒绝处理。"))
        if member.flag_bits & 0x1:
            raise FileRejected(_("文件设置了密码，请取消密码后再上传。"))
    found = Inspection()
    others = _Count("", caps_for(""))  # every other part together
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan(archive, member, found, others)
    except FileRejected:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise FileRejected(_("文件已损坏，无法作为 .xlsx 打开。")) from None
    upload.seek(0)
    return found


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, found: Inspection, others: "_Count") -> None:
    is_sheet = member.filename.startswith("xl/worksheets/")
    caps = caps_for(member.filename)
    if caps.rows:
        count = _SheetCount(member.filename, caps)
    elif caps.label == PART:
        count = others.part(member.filename)
    else:
        count = _Count(member.filename, caps)
    tail = b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(SCAN_CHUNK):
            if first:
                _check_utf8(member.filename, chunk)
                first = False
            if b"\x00" in chunk:  # UTF-16 and UTF-32 hold NULs; UTF-8 XML never does
                _not_utf8(member.filename, _("含有 UTF-16/UTF-32 字节"))
            count.feed(chunk)
            text = tail + chunk
            if XML_DECLARATIONS.search(text):
                raise FileRejected(_("文件包含 XML 实体或文档类型声明，出于安全原因拒绝处理。"))
            if is_sheet:
                for match in MERGE_CELL.finditer(text):
                    # a dict keeps them in order, and finds a repeat in constant time
                    found.merged.setdefault(member.filename, {})[match.group(1).decode()] = None
                if FORMULA.search(text):
                    found.formulas.add(member.filename)
            tail = text[-64:]
        count.feed(b"", final=True)


def _check_utf8(name: str, head: bytes) -> None:
    """A part starts (after an optional UTF-8 byte order mark) with "<" in ASCII, and an XML
    declaration, if any, names UTF-8. A part in UTF-16, UTF-32 or EBCDIC would hide "<!DOCTYPE"
    from the byte scan while the parser still reads it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        _not_utf8(name, _("UTF-16/UTF-32 字节顺序标记"))
    body = head[len(UTF8_BOM):] if head.startswith(UTF8_BOM) else head
    if not body.lstrip(b" \t\r\n").startswith(b"<"):
        _not_utf8(name, _("不以 XML 标记开头"))
    declaration = XML_DECLARATION.match(body)
    if body.startswith(b"<?xml") and declaration is None:
        _not_utf8(name, _("XML 声明不完整"))
    encoding = DECLARED_ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).lower().replace(b"-", b"").replace(b"_", b"") != b"utf8":
        _not_utf8(name, _("声明的编码为 {encoding}").format(encoding=encoding.group(1).decode("ascii", "replace")[:20]))


def _not_utf8(name: str, why: str) -> None:
    raise FileRejected(_("文件部件 {name} 不是 UTF-8 编码的 XML（{why}），出于安全原因拒绝处理；"
                         "请在 Excel 中另存为 .xlsx 后再上传。").format(name=name, why=why))


def _elements(text: bytes, start: int = 0, end: int | None = None) -> int:
    """Start tags in text[start:end]: every "<" but end tags, declarations and comments. A tag
    cut by a chunk's end counts at most once too many, never too few."""
    end = len(text) if end is None else end
    return (text.count(b"<", start, end) - text.count(b"</", start, end) - text.count(b"<?", start, end)
            - text.count(b"<!", start, end))


class _Count:
    """A part's bytes and elements, fed chunk by chunk."""

    def __init__(self, name: str, caps: Caps):
        self.name, self.caps = name, caps
        self.bytes = self.elements = 0

    def part(self, name: str) -> "_Count":
        """This count, now for the part `name` (one count for many parts; each part's size is
        still checked on its own)."""
        self.name, self.bytes = name, 0
        return self

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.bytes += len(chunk)
        self.elements += _elements(chunk)
        if self.bytes > self.caps.bytes:
            raise _over(self.name, self.caps, _("解压后"), self.caps.bytes, "MB")
        if self.elements > self.caps.elements:
            what = _("与其他部件合计的 XML 元素") if self.caps.label == PART else _("的 XML 元素")
            raise _over(self.name, self.caps, what, self.caps.elements, ELEMENTS)


class _SheetCount(_Count):
    """A sheet: its rows, each row's elements and bytes, and the elements outside the rows
    (before the first, after the last), which openpyxl keeps whole. Between two rows there may
    be only white space: openpyxl clears each row after reading it, but not what is beside it.

    The stream is cut at each row's start; only the row being read is carried over from one
    chunk to the next, and it is capped."""

    def __init__(self, name: str, caps: Caps):
        super().__init__(name, caps)
        self.buffer = b""
        self.rows = self.outside = 0
        self.state = "head"  # "head" before the first row, "rows", "tail" after the last

    def feed(self, chunk: bytes, final: bool = False) -> None:
        super().feed(chunk)
        text = self.buffer + chunk
        position = 0
        if self.state == "head":
            first = ROW_START.search(text)
            if first is None:
                cut = len(text) if final else max(len(text) - OVERLAP, 0)
                self._outside(text, 0, cut)
                self.buffer = text[cut:]
                return
            self._outside(text, 0, first.start())
            position, self.state = first.start(), "rows"
        if self.state == "tail":
            if ROW_START.search(text):
                raise self._between()
            cut = len(text) if final else max(len(text) - OVERLAP, 0)
            self._outside(text, 0, cut)
            self.buffer = text[cut:]
            return
        for start in ROW_START.finditer(text, position + 1):
            self._row(text, position, start.start(), closed=True)
            position = start.start()
        if final:
            self._last(text, position)
        elif len(text) - position > self.caps.row_bytes:
            # a row too large, or the part after the last row: which, the row's end tells
            self._last(text, position)
            self.state, self.buffer = "tail", b""
        else:
            self.buffer = text[position:]

    def _outside(self, text: bytes, start: int, end: int) -> None:
        self.outside += _elements(text, start, end)
        if self.outside > SHEET_OUTSIDE_MAX_ELEMENTS:
            raise _over(self.name, self.caps, _("中行以外的 XML 元素"), SHEET_OUTSIDE_MAX_ELEMENTS, ELEMENTS)

    def _row(self, text: bytes, start: int, end: int, *, closed: bool) -> None:
        self.rows += 1
        if self.rows > self.caps.rows:
            raise _over(self.name, self.caps, _("的行数"), self.caps.rows, ROWS)
        if end - start > self.caps.row_bytes:
            raise _over(self.name, self.caps, _("第 {row} 行的大小").format(row=self.rows), self.caps.row_bytes, "MB")
        # an element takes at least three bytes ("<a>"): a short row needs no counting
        if end - start > 3 * self.caps.row_elements and _elements(text, start, end) > self.caps.row_elements:
            raise _over(self.name, self.caps, _("第 {row} 行的 XML 元素").format(row=self.rows), self.caps.row_elements,
                        ELEMENTS)
        if closed:
            last = text.rfind(b"<", start, end)
            tag = text[last:end].rstrip()
            if not (ROW_CLOSE.fullmatch(tag) or (last == start and tag.endswith(b"/>"))):
                raise self._between()

    def _last(self, text: bytes, start: int) -> None:
        """The last row, then what follows it."""
        opening = text.find(b">", start)
        if opening > 0 and text[opening - 1:opening] == b"/":
            end = opening + 1
        else:
            close = ROW_CLOSE.search(text, start)
            end = close.end() if close else len(text)
        self._row(text, start, end, closed=False)
        self._outside(text, end, len(text))

    def _between(self) -> FileRejected:
        return FileRejected(_("文件的工作表（{name}）在行与行之间含有其他 XML 内容，不是 Excel 生成的文件，"
                              "拒绝处理。").format(name=self.name))
