from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thongsuot.audit.exports import xlsx_response
from thongsuot.audit.models import AuditEvent
from thongsuot.core.uploads import PrivatePath, validate_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def test_pdf_and_png_pass():
    assert validate_upload(SimpleUploadedFile("cong-van.pdf", PDF)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("anh.png", PNG)) == "image/png"


def test_type_is_sniffed_from_content_not_name():
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        validate_upload(SimpleUploadedFile("cong-van.pdf", b"MZ\x90\x00 not a pdf at all"))
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        validate_upload(SimpleUploadedFile("anh.pdf", PNG))


def test_size_limit_and_empty(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="lớn hơn giới hạn"):
        validate_upload(SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        validate_upload(SimpleUploadedFile("a.pdf", b""))


def test_private_path_ignores_the_users_file_name():
    path = PrivatePath("obstacles")(None, "../../etc/passwd.PDF")
    assert path.startswith("obstacles/") and ".." not in path and path.endswith(".pdf")


def test_export_is_a_workbook_and_an_audit_event(db, persona):
    response = xlsx_response(user=persona("demo.tinh"), filename="xa.xlsx", title="Danh sách xã",
                             headers=["Mã", "Tên"], rows=[["00070", "Phường Hoàn Kiếm"]], filters={"q": "hoan"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A3"].value == "Mã" and sheet["B4"].value == "Phường Hoàn Kiếm"
    event = AuditEvent.objects.get(action="export")
    assert event.changes["rows"] == 1 and event.changes["filters"] == {"q": "hoan"}


def test_sheet_titles_drop_characters_excel_refuses():
    from thongsuot.core.exports import sheet_title, xlsx_bytes

    assert sheet_title("Số: 15/CĐ-BCĐ [khẩn]") == "Số 15 CĐ-BCĐ khẩn"
    sheet = load_workbook(BytesIO(xlsx_bytes(title="Số: 15/CĐ-BCĐ", headers=["A"], rows=[]))).active
    assert sheet.title == "Số 15 CĐ-BCĐ"


def test_exported_figures_are_numbers_excel_can_add_up():
    from datetime import date
    from decimal import Decimal

    from django.utils import translation

    from thongsuot.core.exports import xlsx_bytes

    content = xlsx_bytes(title="Số liệu", headers=["Nơi", "Số", "Tỷ lệ", "Ngày"],
                         rows=[["Hà Nội", Decimal("3.00"), 2.5, date(2025, 12, 31)], ["Lào Cai", 7, None, None]])
    sheet = load_workbook(BytesIO(content)).active
    assert [cell.value for cell in sheet[4]][:3] == ["Hà Nội", 3, 2.5]
    assert sheet["B4"].data_type == "n" and sheet["B5"].value == 7
    assert sheet["A2"].value.startswith("Xuất lúc ")
    with translation.override("en"):
        english = load_workbook(BytesIO(xlsx_bytes(title="x", headers=["a"], rows=[]))).active
    assert english["A2"].value.startswith("Exported at ")
