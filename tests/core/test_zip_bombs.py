"""Office files are ZIP containers: one that unpacks to far more than it weighs is refused."""

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thongsuot.core.exports import xlsx_bytes
from thongsuot.core.uploads import validate_upload

MB = 1024 * 1024


def zip_of(members: dict[str, int], *, name: str = "bao-cao.xlsx") -> SimpleUploadedFile:
    """Return an upload: a ZIP whose members are the given numbers of zero bytes, written 1 MB at a time."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for member, size in members.items():
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=size > 2**31) as out:
                for start in range(0, size, MB):
                    out.write(bytes(min(MB, size - start)))
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_real_workbook_passes():
    upload = SimpleUploadedFile("so-lieu.xlsx", xlsx_bytes(title="Số liệu", headers=["A"], rows=[["x"]] * 500))
    assert validate_upload(upload) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert upload.read(2) == b"PK"


def test_a_small_file_declaring_more_than_the_unpacked_limit_is_refused():
    """120 MB of zeros weigh about 120 KB as a ZIP; the default limit is 100 MB unpacked."""
    bomb = zip_of({"xl/worksheets/sheet1.xml": 120 * MB})
    assert bomb.size < MB
    with pytest.raises(ValidationError) as refused:
        validate_upload(bomb)
    assert refused.value.messages == [
        "Tệp “bao-cao.xlsx” bị từ chối: khi giải nén lên tới 120 MB, quá giới hạn 100 MB. Tệp có thể là "
        "“bom giải nén”; hãy lưu lại tệp từ phần mềm văn phòng rồi gửi lại."]


def test_the_unpacked_limit_is_a_setting(settings):
    settings.UPLOAD_ZIP_MAX_UNPACKED_BYTES = 2 * MB
    settings.UPLOAD_ZIP_MAX_RATIO = 10_000
    with pytest.raises(ValidationError, match="khi giải nén lên tới 3 MB, quá giới hạn 2 MB"):
        validate_upload(zip_of({"word/document.xml": 3 * MB}, name="cong-van.docx"))


def test_a_member_compressed_beyond_the_ratio_is_refused():
    with pytest.raises(ValidationError, match=r"thành phần “xl/sharedStrings.xml” nén với tỉ lệ \d+:1, quá giới hạn 100:1"):
        validate_upload(zip_of({"xl/sharedStrings.xml": 5 * MB}))


def test_too_many_members_are_refused(settings):
    settings.UPLOAD_ZIP_MAX_MEMBERS = 50
    with pytest.raises(ValidationError, match="có 61 thành phần nén, quá giới hạn 50"):
        validate_upload(zip_of({f"xl/media/{n}.bin": 10 for n in range(60)}))


def test_the_filing_form_refuses_a_bomb_with_its_message(client_for):
    from thongsuot.obstacles.models import Obstacle

    response = client_for("demo.xa").post("/kho-khan/moi/", {
        "title": "Trụ sở xuống cấp", "domain": "hq_assets", "severity": "high", "classification": "", "facility_subject": "premises",
        "description": "Trụ sở cũ bị thấm dột.", "submission_key": "bomb-1",
        "attachment": zip_of({"xl/worksheets/sheet1.xml": 120 * MB})})
    assert response.status_code == 400
    assert "bom giải nén" in response.content.decode()
    assert not Obstacle.objects.filter(title="Trụ sở xuống cấp").exists()
