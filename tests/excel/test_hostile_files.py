"""Hostile and broken files: each gets a clear 400 and leaves the database untouched."""
import io
import os
import re
import zipfile
from decimal import Decimal

import pytest

from evaluations.models import QuarterlyScore
from excel import layouts
from excel.models import ImportRecord
from tests.fixtures.excel import xlsx

pytestmark = pytest.mark.django_db
HEADERS = layouts.QUARTERLY_SCORES.headers


@pytest.fixture
def staff_api(api, world):
    return api.as_(world.users["staff"])


@pytest.fixture
def good_rows(scored_year, world):
    return [[p.pk, "", "", "", "", 1, "", 88, None, None, None, None] for p in scored_year[world.own_official.pk]]


def _post(staff_api, world, upload, name="quarterly-scores", filename="scores.xlsx"):
    if isinstance(upload, bytes):
        upload = io.BytesIO(upload)
    upload.seek(0)
    upload.name = filename
    response = staff_api.post(f"/api/v1/cycles/{world.own_cycle.pk}/imports/{name}/", {"file": upload},
                              format="multipart")
    return response


def _refused(response, *words):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["errors"], body
    text = " ".join(e["message"] for e in body["errors"])
    for word in words:
        assert word in text, text
    assert QuarterlyScore.objects.count() == 0 and ImportRecord.objects.count() == 0
    return body["errors"]


def _rewrite(upload: io.BytesIO, change) -> bytes:
    """The same workbook with `change(name, bytes) -> bytes` applied to each member."""
    source = zipfile.ZipFile(upload)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def test_a_good_file_imports_so_the_refusals_below_mean_something(staff_api, world, good_rows):
    response = _post(staff_api, world, xlsx(good_rows, header_row=HEADERS))
    assert response.status_code == 200 and response.json()["created"] == 3


def test_not_an_xlsx(staff_api, world, good_rows):
    _refused(_post(staff_api, world, b"\x00\x01binary garbage" * 50), "不是有效的 Excel")


def test_a_renamed_csv(staff_api, world, good_rows):
    csv = "目标编号,季度,得分\n1,1,88\n".encode("utf-8")
    _refused(_post(staff_api, world, csv, filename="scores.xlsx"), "CSV")


def test_a_password_protected_workbook(staff_api, world, good_rows):
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(xlsx(good_rows, header_row=HEADERS)).encrypt("secret-password", encrypted)
    _refused(_post(staff_api, world, encrypted.getvalue()), "密码")


def test_an_old_xls_file(staff_api, world, good_rows):
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    _refused(_post(staff_api, world, cfb), ".xls")


def test_a_zip_bomb_by_compression_ratio(staff_api, world, good_rows):
    def inflate(name, data):
        return data + b" " * (30 * 1024 * 1024) if name == "xl/worksheets/sheet1.xml" else data

    _refused(_post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), inflate)), "压缩")


def test_a_zip_bomb_by_member_count(staff_api, world, good_rows):
    base = xlsx(good_rows, header_row=HEADERS)
    out = io.BytesIO(base.getvalue())
    with zipfile.ZipFile(out, "a") as archive:
        for n in range(400):
            archive.writestr(f"xl/media/pad{n}.bin", b"x")
    _refused(_post(staff_api, world, out.getvalue()), "部件")


def test_a_zip_bomb_by_total_size(staff_api, world, good_rows, settings):
    from excel import guard

    base = xlsx(good_rows, header_row=HEADERS)
    out = io.BytesIO(base.getvalue())
    # Random-looking data (no ratio alarm) whose total passes the declared limit, lowered here.
    import os
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/big.bin", os.urandom(3 * 1024 * 1024))
    settings.IMPORT_MAX_BYTES = 8 * 1024 * 1024
    original = guard.MAX_UNCOMPRESSED
    guard.MAX_UNCOMPRESSED = 2 * 1024 * 1024
    try:
        _refused(_post(staff_api, world, out.getvalue()), "压缩炸弹")
    finally:
        guard.MAX_UNCOMPRESSED = original


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def _with_entities(name, data):
    if name == "xl/worksheets/sheet1.xml":
        data = re.sub(rb"^<\?xml[^>]*\?>", b"", data)
        data = BILLION_LAUGHS + data.replace(b"<v>88</v>", b"<v>&lol3;</v>", 1)
    return data


def test_xml_entity_expansion(staff_api, world, good_rows):
    _refused(_post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), _with_entities)), "实体")


def test_defusedxml_guards_openpyxl_itself():
    """The second line: openpyxl parses with defusedxml, which refuses entity declarations even
    where our own scan were bypassed."""
    import defusedxml
    import openpyxl
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
    bomb = _rewrite(xlsx([[1, "", "", "", "", 1, "", 88]], header_row=HEADERS), _with_entities)
    with pytest.raises(ValueError) as raised:
        book = load_workbook(io.BytesIO(bomb), read_only=True)
        list(book.worksheets[0].iter_rows(values_only=True))
    chain, error = [], raised.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in chain), chain
    assert openpyxl.__version__


def test_a_sheet_claiming_a_million_rows(staff_api, world, good_rows):
    def claim(name, data):
        if name == "xl/worksheets/sheet1.xml":
            data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:L1048576"', data)
            assert b"1048576" in data
        return data

    _refused(_post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), claim)), "1,048,576")


def test_more_data_rows_than_the_limit(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_ROWS = 2
    _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)), "上限")


def test_wrong_or_missing_columns(staff_api, world, good_rows):
    errors = _refused(_post(staff_api, world, xlsx([[1, 2, 3]], header_row=["编号", "季度", "分数"])), "表头")
    assert "目标编号" in errors[0]["message"] and "得分" in errors[0]["message"]


def test_formulas_instead_of_values(staff_api, world, good_rows):
    good_rows[1][7] = "=80+8"
    errors = _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)), "公式")
    assert [(e["row"], e["column"]) for e in errors] == [(4, "H")]


def test_merged_cells(staff_api, world, good_rows):
    from openpyxl import load_workbook

    book = load_workbook(xlsx(good_rows, header_row=HEADERS))
    book.worksheets[0].merge_cells("H3:H4")
    out = io.BytesIO()
    book.save(out)
    errors = _refused(_post(staff_api, world, out.getvalue()), "合并单元格")
    assert any(e["row"] == 3 and e["column"] == "H" and "H3:H4" in e["message"] for e in errors)


def test_an_empty_file_and_a_sheet_with_no_rows(staff_api, world, good_rows):
    _refused(_post(staff_api, world, b""), "为空")
    _refused(_post(staff_api, world, xlsx([], header_row=HEADERS)), "没有数据行")


def test_no_file_at_all(staff_api, world):
    response = staff_api.post(f"/api/v1/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {},
                              format="multipart")
    assert response.status_code == 400 and "请选择" in response.json()["errors"][0]["message"]


def test_an_upload_over_the_size_limit(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_BYTES = 1024
    _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)), "过大")


def test_a_truncated_workbook(staff_api, world, good_rows):
    whole = xlsx(good_rows, header_row=HEADERS).getvalue()
    _refused(_post(staff_api, world, whole[: len(whole) // 2]), "损坏")


def test_text_in_a_number_column_is_named_by_row_and_column(staff_api, world, good_rows):
    good_rows[2][7] = "八十八"
    errors = _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)))
    assert [(e["row"], e["column"]) for e in errors] == [(5, "H")] and "八十八" in errors[0]["message"]
    assert Decimal  # (decimal parsing covered in test_imports)


@pytest.mark.parametrize("score", [1e308, "1e308", "1e-400", "NaN", "-inf", "1E+999999"])
def test_an_extreme_score_is_a_row_and_column_error_not_a_500(staff_api, world, good_rows, score):
    good_rows[1][7] = score
    errors = _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)), "得分")
    assert [(e["row"], e["column"]) for e in errors] == [(4, "H")]


@pytest.mark.parametrize("number", ["²", 1e40, "9" * 30])
def test_an_extreme_pledge_number_is_a_row_and_column_error_not_a_500(staff_api, world, good_rows, number):
    good_rows[1][0] = number
    errors = _refused(_post(staff_api, world, xlsx(good_rows, header_row=HEADERS)), "目标编号")
    assert [(e["row"], e["column"]) for e in errors] == [(4, "A")]


def _reencoded(encoding: str, *, bom: bytes = b"", entities: bool = True):
    """The sheet part re-encoded (and declared) in `encoding`, with the entity bomb if asked."""
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            body = _with_entities(name, data) if entities else data
            text = re.sub(r"^<\?xml[^>]*\?>", "", body.decode("utf-8"))
            return bom + f'<?xml version="1.0" encoding="{encoding}"?>{text}'.encode(encoding)
        return data
    return change


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("utf-32-be", b""), ("cp037", b""),
])
def test_an_entity_bomb_in_a_part_not_encoded_in_utf8_is_refused(staff_api, world, good_rows, encoding, bom):
    """The DOCTYPE scan reads bytes: in UTF-16 "<!DOCTYPE" is not those bytes, so any XML part
    not in UTF-8 is refused before it is scanned."""
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _reencoded(encoding, bom=bom))
    _refused(_post(staff_api, world, upload), "UTF-8", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("declared", ["UTF-16", "ISO-8859-1", "GB2312", "us-ascii"])
def test_a_part_declaring_another_encoding_is_refused_even_without_entities(staff_api, world, good_rows, declared):
    def change(name, data):
        if name == "xl/styles.xml":
            return re.sub(rb"^(<\?xml[^>]*\?>)?", f'<?xml version="1.0" encoding="{declared}"?>'.encode(), data,
                          count=1)
        return data

    _refused(_post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), change)), "UTF-8", "xl/styles.xml")


@pytest.mark.parametrize("declaration", [b"", b'<?xml version="1.0"?>', b"<?xml version='1.0' encoding='utf-8'?>",
                                         b'<?xml version="1.0" encoding="UTF8" standalone="yes"?>', b"\xef\xbb\xbf"])
def test_utf8_parts_with_or_without_a_declaration_or_bom_still_import(staff_api, world, good_rows, declaration):
    def change(name, data):
        if name.endswith(".xml"):
            return declaration + re.sub(rb"^<\?xml[^>]*\?>", b"", data, count=1)
        return data

    response = _post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), change))
    assert response.status_code == 200, response.json()


# --- parts that would exhaust memory (finding 6): each capped by size and element count ----------

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet_change(change):
    return lambda name, data: change(data) if name == "xl/worksheets/sheet1.xml" else data


def test_a_stylesheet_with_too_many_cell_formats(staff_api, world, good_rows):
    """The reviewer's file held 1,000,000 cell formats (78 s, 2 GB); 25,000 already pass the cap."""
    def bloat(name, data):
        if name == "xl/styles.xml":
            xfs = b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0"/>' % (n % 150) for n in range(25_000))
            data = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="25001">' + xfs, data)
        return data

    _refused(_post(staff_api, world, _rewrite(xlsx(good_rows, header_row=HEADERS), bloat)), "xl/styles.xml", "上限")


SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _with_strings(upload: io.BytesIO, body: bytes) -> bytes:
    """The workbook with a shared string table holding `body` (openpyxl writes inline strings)."""
    def declare(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>",
                                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS}"/>'
                                .encode() + b"</Types>")
        return data

    out = io.BytesIO(_rewrite(upload, declare))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN_NS + b'">'
                         + body + b"</sst>")
    return out.getvalue()


def test_a_small_shared_string_table_still_imports(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_ROWS = 100
    upload = _with_strings(xlsx(good_rows, header_row=HEADERS),
                           b"".join(b"<si><t>s%d</t></si>" % n for n in range(100)))
    assert _post(staff_api, world, upload).status_code == 200


def test_too_many_shared_strings(staff_api, world, good_rows, settings):
    """Two elements a data row (limit 100 rows here): 400 strings of <si><t> are too many."""
    settings.IMPORT_MAX_ROWS = 100
    upload = _with_strings(xlsx(good_rows, header_row=HEADERS),
                           b"".join(b"<si><t>s%d</t></si>" % n for n in range(400)))
    _refused(_post(staff_api, world, upload), "xl/sharedStrings.xml", "上限")


def test_shared_strings_too_large(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_ROWS = 100
    upload = _with_strings(xlsx(good_rows, header_row=HEADERS),
                           b"<si><t>" + os.urandom(20_000).hex().encode() + b"</t></si>")
    _refused(_post(staff_api, world, upload), "xl/sharedStrings.xml", "上限", "MB")


def test_a_sheet_with_more_rows_than_the_limit_and_no_dimension(staff_api, world, good_rows, settings):
    """No <dimension> (openpyxl's write-only files have none): the rows are counted."""
    settings.IMPORT_MAX_ROWS = 50
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _sheet_change(lambda data: re.sub(
        rb"<dimension[^>]*/>", b"", data).replace(b"</sheetData>", b"".join(
            b'<row r="%d"><c r="A%d" s="0"/></row>' % (n, n) for n in range(10, 200)) + b"</sheetData>")))
    _refused(_post(staff_api, world, upload), "xl/worksheets/sheet1.xml", "行", "上限")


def test_a_sheet_row_with_too_many_cells(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_COLUMNS = 16
    cells = b"".join(b'<c r="B%d" t="n"><v>%d</v></c>' % (n, n) for n in range(200))
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _sheet_change(
        lambda data: data.replace(b"</sheetData>", b'<row r="90">' + cells + b"</row></sheetData>")))
    _refused(_post(staff_api, world, upload), "xl/worksheets/sheet1.xml", "上限")


def test_a_sheet_larger_than_its_rows_allow(staff_api, world, good_rows, settings):
    settings.IMPORT_MAX_ROWS = 10
    text = os.urandom(12_000).hex().encode()  # 24 KB; the sheet may hold 15 rows × 1 KB
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _sheet_change(lambda data: data.replace(
        b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + text + b"</t></is></c></row></sheetData>")))
    _refused(_post(staff_api, world, upload), "xl/worksheets/sheet1.xml", "上限", "MB")


def test_elements_between_rows_are_refused(staff_api, world, good_rows):
    """openpyxl clears each row it reads, but keeps anything else under sheetData, however much."""
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _sheet_change(lambda data: data.replace(
        b"</row>", b"</row><x/><x/>", 1)))
    _refused(_post(staff_api, world, upload), "xl/worksheets/sheet1.xml")


def test_too_many_elements_outside_the_rows_of_a_sheet(staff_api, world, good_rows):
    links = b"".join(b'<hyperlink ref="A%d" display="x%d"/>' % (n, n) for n in range(20_000))
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), _sheet_change(lambda data: data.replace(
        b"</sheetData>", b"</sheetData><hyperlinks>" + links + b"</hyperlinks>")))
    _refused(_post(staff_api, world, upload), "xl/worksheets/sheet1.xml", "上限")


def test_too_many_elements_in_another_part(staff_api, world, good_rows):
    names = b"".join(b'<definedName name="n%d">Sheet!$A$1</definedName>' % n for n in range(120_000))
    upload = _rewrite(xlsx(good_rows, header_row=HEADERS), lambda name, data: data.replace(
        b"</workbook>",
            b"<definedNames>" + names + b"</definedNames></workbook>") if name == "xl/workbook.xml" else data)
    _refused(_post(staff_api, world, upload), "xl/workbook.xml", "上限")


def test_a_sheet_claiming_every_column_reads_only_the_columns_allowed(settings):
    """A dimension of A1:XFD… made openpyxl pad every row to 16,384 cells."""
    from excel.reader import Sheet

    settings.IMPORT_MAX_COLUMNS = 30
    upload = io.BytesIO(_rewrite(xlsx([[1, "", "", "", "", 1, "", 88]], header_row=HEADERS), _sheet_change(
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD3"', data))))
    sheet = Sheet(upload, name=layouts.QUARTERLY_SCORES.sheet, headers=HEADERS, required=["目标编号"])
    assert sheet.header_row == 2 and len(next(sheet._rows)) == 30
