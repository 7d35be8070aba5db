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
- merged cells, which do not map to rows, are found in the sheet XML (read-only mode hides them).

Then the workbook opens in read-only mode.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

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
UTF8_BOM = b"\xef\xbb\xbf"
XML_DECLARATION = re.compile(rb"<\?xml[\s?][^>]*>")
DECLARED_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([^"']*)["']""")


class FileRejected(ValueError):
    """The upload cannot be read as a workbook; the message says why, in Chinese."""


@dataclass
class Inspection:
    merged: dict[str, list[str]] = field(default_factory=dict)  # sheet part → merged ranges
    formulas: set[str] = field(default_factory=set)  # sheet parts that hold a formula


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def inspect(upload) -> Inspection:
    """Check `upload` (a binary file object, positioned anywhere) and return what the sheets hold
    that read-only mode does not show. Raises FileRejected."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise FileRejected("文件为空。")
    if size > max_bytes():
        raise FileRejected(f"文件过大（{size / 1048576:.1f} MB），上限为 {max_bytes() // 1048576} MB。")
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(CFB_MAGIC):
        body = upload.read()
        upload.seek(0)
        if "EncryptionInfo".encode("utf-16-le") in body:
            raise FileRejected("文件设置了打开密码，请在 Excel 中取消密码后另存为 .xlsx 再上传。")
        raise FileRejected("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。")
    if not head.startswith(ZIP_MAGIC):
        raise FileRejected("不是有效的 Excel 文件（.xlsx）；CSV、文本或改了扩展名的文件不能导入。")
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected("文件已损坏，无法作为 .xlsx 打开。") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRejected("不是有效的 Excel 文件（.xlsx）：缺少工作簿内容。")
    if len(members) > MAX_MEMBERS:
        raise FileRejected(f"文件结构异常（包含 {len(members)} 个部件），拒绝处理。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise FileRejected(f"文件解压后过大（{total / 1048576:.0f} MB），疑似压缩炸弹，拒绝处理。")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise FileRejected("文件压缩比异常，疑似压缩炸弹，拒绝处理。")
        if member.flag_bits & 0x1:
            raise FileRejected("文件设置了密码，请取消密码后再上传。")
    found = Inspection()
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan(archive, member, found)
    except FileRejected:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise FileRejected("文件已损坏，无法作为 .xlsx 打开。") from None
    upload.seek(0)
    return found


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, found: Inspection) -> None:
    is_sheet = member.filename.startswith("xl/worksheets/")
    tail = b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(SCAN_CHUNK):
            if first:
                _check_utf8(member.filename, chunk)
                first = False
            if b"\x00" in chunk:  # UTF-16 and UTF-32 hold NULs; UTF-8 XML never does
                _not_utf8(member.filename, "含有 UTF-16/UTF-32 字节")
            text = tail + chunk
            if XML_DECLARATIONS.search(text):
                raise FileRejected("文件包含 XML 实体或文档类型声明，出于安全原因拒绝处理。")
            if is_sheet:
                for match in MERGE_CELL.finditer(text):
                    ranges = found.merged.setdefault(member.filename, [])
                    if match.group(1).decode() not in ranges:
                        ranges.append(match.group(1).decode())
                if FORMULA.search(text):
                    found.formulas.add(member.filename)
            tail = text[-64:]


def _check_utf8(name: str, head: bytes) -> None:
    """A part starts (after an optional UTF-8 byte order mark) with "<" in ASCII, and an XML
    declaration, if any, names UTF-8. A part in UTF-16, UTF-32 or EBCDIC would hide "<!DOCTYPE"
    from the byte scan while the parser still reads it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        _not_utf8(name, "UTF-16/UTF-32 字节顺序标记")
    body = head[len(UTF8_BOM):] if head.startswith(UTF8_BOM) else head
    if not body.lstrip(b" \t\r\n").startswith(b"<"):
        _not_utf8(name, "不以 XML 标记开头")
    declaration = XML_DECLARATION.match(body)
    if body.startswith(b"<?xml") and declaration is None:
        _not_utf8(name, "XML 声明不完整")
    encoding = DECLARED_ENCODING.search(declaration.group()) if declaration else None
    if encoding and encoding.group(1).lower().replace(b"-", b"").replace(b"_", b"") != b"utf8":
        _not_utf8(name, f"声明的编码为 {encoding.group(1).decode('ascii', 'replace')[:20]}")


def _not_utf8(name: str, why: str) -> None:
    raise FileRejected(f"文件部件 {name} 不是 UTF-8 编码的 XML（{why}），出于安全原因拒绝处理；"
                       "请在 Excel 中另存为 .xlsx 后再上传。")
