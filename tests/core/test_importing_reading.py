"""Reading real spreadsheets: titles above the header, merged header cells, blank rows, .ods and CSV."""

import codecs
import io
import unicodedata
import zipfile
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from thongsuot.core.errors import DomainError
from thongsuot.core.importing import (
    Boolean,
    Choice,
    DateValue,
    DecimalNumber,
    Integer,
    Text,
    UnitRef,
    header_key,
    open_table,
    parse_rows,
    read_rows,
)
from thongsuot.core.listing import Column, ExportSpec

STAFF = ExportSpec(filename="can-bo", title="Cán bộ", object_type="staffing.staffmember", columns=(
    Column("full_name", "Họ và tên", parse=Text(max_length=120), required=True, natural_key=True),
    Column("birth_date", "Ngày sinh", parse=DateValue(), natural_key=True),
    Column("commute_km", "Quãng đường (km)", parse=DecimalNumber(decimal_places=1)),
    Column("headcount", "Định biên", parse=Integer(min_value=0)),
    Column("travel_allowance", "Hỗ trợ đi lại", parse=Boolean()),
    Column("status", "Trạng thái", parse=Choice((("active", "Đang làm việc"), ("retired", "Đã nghỉ hưu")))),
    Column("commune", "Nơi làm việc", parse=UnitRef("commune"), aliases=("Xã",)),
))


def xlsx(build) -> bytes:
    wb = Workbook()
    build(wb.active)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def staff_sheet(ws):
    """A province's own file: two title rows, a two-row header with merged cells, blank rows, text figures."""
    ws["A1"] = "UBND TỈNH THANH HÓA"
    ws["A2"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM 2025"
    ws.merge_cells("A2:G2")
    ws["A4"] = "HỌ VÀ\nTÊN"  # merged over two header rows, with a line break
    ws.merge_cells("A4:A5")
    ws["A4"].alignment = Alignment(wrap_text=True)
    ws["B4"] = "Thông tin"
    ws.merge_cells("B4:C4")
    ws["B5"], ws["C5"] = "Ngày  sinh", "Quãng đường\n(km)"
    ws["D4"], ws["E4"], ws["F4"], ws["G4"] = "định biên", "Hỗ trợ đi lại (x)", "Trạng thái", "Xã"
    ws.merge_cells("D4:D5")
    ws.append([])  # row 6 blank
    ws.append(["Nguyễn Văn An", "05/03/1985", "12,5", "1.234", "x", "đang làm việc", "Phường Hạc Thành"])  # 7
    ws.append([None, None, None, None, None, None, None])  # 8 blank
    ws.append(["Lê Thị Bình", date(1990, 1, 31), 3, "1 200", "không", "Da nghi huu", 70])  # 9
    ws.append(["   "])  # 10 blank (spaces only)
    ws.append(["Trần Văn Cường", "31/02/1990", "mười", "12,5", "có lẽ", "Nghỉ phép", None])  # 11


def test_the_header_is_found_under_titles_and_merged_cells_and_rows_keep_their_excel_numbers():
    table = open_table(xlsx(staff_sheet), STAFF, filename="can-bo.xlsx")
    assert table.header_row == 5
    assert table.positions == {"full_name": 0, "birth_date": 1, "commute_km": 2, "headcount": 3,
                               "travel_allowance": 4, "status": 5, "commune": 6}
    rows = list(parse_rows(table, STAFF))
    assert [r.number for r in rows] == [7, 9, 11]
    first, second, third = rows
    assert first.errors == []
    assert first.values == {"full_name": "Nguyễn Văn An", "birth_date": date(1985, 3, 5),
                            "commute_km": Decimal("12.5"), "headcount": 1234, "travel_allowance": True,
                            "status": "active", "commune": "Phường Hạc Thành"}
    assert second.errors == []
    assert second.values["birth_date"] == date(1990, 1, 31)
    assert second.values["headcount"] == 1200 and second.values["status"] == "retired"
    assert second.values["commune"] == "00070"
    assert [str(e) for e in third.errors] == [
        "Dòng 11, cột “Ngày sinh” (B): ngày 31/02/1990 không có thật.",
        "Dòng 11, cột “Quãng đường (km)” (C): “mười” không phải là số (ví dụ đúng: 1.234,5 hoặc 1234).",
        "Dòng 11, cột “Định biên” (D): “12,5” không phải là số nguyên.",
        "Dòng 11, cột “Hỗ trợ đi lại” (E): “có lẽ” không phải là có/không (ghi: có, không, x, 1, 0, đúng, sai).",
        "Dòng 11, cột “Trạng thái” (F): “Nghỉ phép” không có trong danh sách (Đang làm việc, Đã nghỉ hưu).",
    ]


def test_header_text_is_matched_without_case_diacritics_spacing_or_line_breaks():
    assert header_key("HỌ VÀ\nTÊN") == header_key("Họ và tên") == "ho va ten"
    assert header_key(" Quãng đường\n(km) ") == header_key("Quãng đường (km)")
    assert header_key(unicodedata.normalize("NFD", "Định biên *")) == "dinh bien"


def test_a_table_starting_right_of_column_a_names_the_letters_the_user_sees():
    def build(ws):
        ws["C3"], ws["D3"] = "Họ và tên", "Ngày sinh"
        ws["C4"], ws["D4"] = "An", "hôm qua"
    table = open_table(xlsx(build), STAFF)
    assert table.letters == {"full_name": "C", "birth_date": "D"}
    [row] = parse_rows(table, STAFF)
    assert [str(e) for e in row.errors] == ["Dòng 4, cột “Ngày sinh” (D): “hôm qua” không phải là ngày (dd/mm/yyyy)."]


def test_a_missing_required_column_is_named():
    def build(ws):
        ws.append(["Danh sách"])
        ws.append(["Ngày sinh", "Định biên"])
    with pytest.raises(DomainError, match="dòng tiêu đề 2: thiếu cột bắt buộc “Họ và tên”"):
        open_table(xlsx(build), STAFF)


def test_a_sheet_without_any_header_lists_the_expected_columns():
    with pytest.raises(DomainError, match="Không tìm thấy dòng tiêu đề cột. Tệp cần có các cột: “Họ và tên”"):
        open_table(xlsx(lambda ws: ws.append(["a", "b"])), STAFF)


def test_the_header_is_looked_for_past_an_instructions_sheet():
    wb = Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active.append(["Điền mỗi cán bộ một dòng."])
    data = wb.create_sheet("Dữ liệu")
    data.append(["Họ và tên", "Định biên"])
    data.append(["An", 3])
    buffer = io.BytesIO()
    wb.save(buffer)
    table = open_table(buffer.getvalue(), STAFF)
    assert table.sheet == "Dữ liệu"
    assert [r.values for r in parse_rows(table, STAFF)] == [{"full_name": "An", "headcount": 3}]


def test_a_header_typed_in_tcvn3_is_refused_with_how_to_convert():
    def build(ws):
        ws.append(["Hä vµ tªn", "Ngµy sinh"])  # "Họ và tên", "Ngày sinh" in TCVN3 (.VnTime)
        ws.append(["NguyÔn V¨n An", "05/03/1985"])
    with pytest.raises(DomainError, match="bảng mã cũ TCVN3 .ABC.*Unikey"):
        open_table(xlsx(build), STAFF)


def ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes it (value types, repeated rows)."""
    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, date):
            return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                    f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
    body = "".join(
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>' if row is None
        else "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Trang1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_an_ods_saved_by_libreoffice_is_read_with_its_types_and_row_numbers():
    data = ods([["Danh sách cán bộ"], None, ["Họ và tên", "Ngày sinh", "Định biên"],
                ["Phạm Thị Dung", date(1979, 12, 1), 4], None, ["Võ Văn Em", "1/2/80", "2.500"]])
    table = open_table(data, STAFF, filename="danh-sach.ods")
    assert table.header_row == 4
    rows = list(parse_rows(table, STAFF))
    assert [(r.number, r.values, r.errors) for r in rows] == [
        (5, {"full_name": "Phạm Thị Dung", "birth_date": date(1979, 12, 1), "headcount": 4}, []),
        (8, {"full_name": "Võ Văn Em", "birth_date": date(1980, 2, 1), "headcount": 2500}, []),
    ]


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters (â, ê, ơ, ư, ă, đ) and a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            shapes = "".join(m for m in marks if m not in tones)
            out += unicodedata.normalize("NFC", base + shapes).encode("cp1258")
            out += "".join(tones).encode("cp1258")
    return bytes(out)


CSV_TEXT = "Họ và tên;Ngày sinh;Định biên;Trạng thái\r\nNguyễn Thị Hường;5/3/85;1.234;Đang làm việc\r\n;;;\r\n" \
           "Đặng Quốc Việt;2024-01-02;7;đã nghỉ hưu\r\n"
EXPECTED_CSV = [
    (2, {"full_name": "Nguyễn Thị Hường", "birth_date": date(1985, 3, 5), "headcount": 1234, "status": "active"}),
    (4, {"full_name": "Đặng Quốc Việt", "birth_date": date(2024, 1, 2), "headcount": 7, "status": "retired"}),
]


@pytest.mark.parametrize("encoded", [
    pytest.param(cp1258(CSV_TEXT), id="cp1258"),
    pytest.param(codecs.BOM_UTF8 + CSV_TEXT.encode(), id="utf-8-bom"),
    pytest.param(CSV_TEXT.encode(), id="utf-8"),
])
def test_csv_in_utf8_with_or_without_bom_or_in_windows_1258(encoded):
    assert not encoded.startswith(b"\xef") or encoded.startswith(codecs.BOM_UTF8)
    table = open_table(encoded, STAFF, filename="can-bo.csv")
    rows = [(r.number, r.values) for r in parse_rows(table, STAFF)]
    assert rows == EXPECTED_CSV
    assert all(unicodedata.is_normalized("NFC", r[1]["full_name"]) for r in rows)


def test_the_cp1258_fixture_really_is_windows_1258():
    encoded = cp1258("Hường")
    assert encoded == b"H\xfd\xf5\xccng"  # ư, ơ, then the grave accent as a combining byte
    with pytest.raises(UnicodeDecodeError):
        encoded.decode("utf-8")


def test_a_csv_typed_in_vni_is_refused_with_how_to_convert():
    vni = "Hoï vaø teân,Ngaøy sinh\r\nNguyeãn Vaên An,05/03/1985\r\n".encode("latin-1")
    with pytest.raises(DomainError, match="bảng mã cũ VNI Windows.*Unikey"):
        open_table(vni, STAFF, filename="cu.csv")


def test_a_file_with_a_spreadsheet_name_but_other_content_is_refused():
    with pytest.raises(DomainError, match="không phải là bảng tính đọc được"):
        list(read_rows(b"not a workbook", filename="x.xlsx"))
    with pytest.raises(DomainError, match="Không đọc được bảng tính"):
        list(read_rows(b"PK\x03\x04broken", filename="x.xlsx"))


def test_rows_are_produced_lazily():
    rows = read_rows(xlsx(lambda ws: [ws.append([i]) for i in range(1, 2001)]))
    assert next(rows).number == 1
    assert next(rows).cells == (2.0,) or next(rows).cells == (2,)
