"""Obstacles in English: the list, a case, the forms, refusals and the Excel export."""

from io import BytesIO

from django.utils import translation
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from tests.obstacles.factories import file_case, pdf, put_case
from thongsuot.accounts.models import Agency
from thongsuot.obstacles import services

TITLE = "Thiếu máy tính cho bộ phận một cửa"
DESCRIPTION = "Trung tâm Phục vụ hành chính công thiếu 6 máy tính để tiếp nhận hồ sơ."
SENT_UP = "Vượt thẩm quyền của phường."


def _escalated_case(persona):
    obstacle = file_case(persona("demo.xa"), title=TITLE, description=DESCRIPTION)
    return services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                      version=obstacle.version, message=SENT_UP)


def test_the_list_and_a_case_read_in_english(english, persona):
    obstacle = _escalated_case(persona)
    client = english("demo.xa")
    data = {TITLE, DESCRIPTION, SENT_UP, *people_and_places("demo.xa", "demo.xa.lanhdao", "demo.tinh")}

    page = page_of(client.get("/kho-khan/"))
    for label in ("Obstacles", "Report an obstacle", "Export to Excel", "Nearest deadline", "Escalated",
                  "Level, agency handling it"):
        assert label in page, label
    for label in ("Khó khăn, vướng mắc", "Phản ánh khó khăn", "Chờ xử lý", "Đã chuyển cấp trên", "Hạn xử lý"):
        assert label not in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/kho-khan/{obstacle.pk}/"))
    for label in ("Case history", "Reported", "Escalated", "Agency handling it", "Change log",
                  "The obstacle is with UBND Thành phố Hà Nội; it is not your agency's turn."):
        assert label in page, label
    for label in ("Diễn biến xử lý", "Thao tác tiếp theo", "Chưa đến lượt cơ quan của bạn", "Phản ánh"):
        assert label not in page, label
    assert vietnamese_left(page, data) == []


def test_the_moves_are_verbs_and_the_forms_speak_english(english, persona):
    obstacle = file_case(persona("demo.xa"), title=TITLE, description=DESCRIPTION)
    data = {TITLE, DESCRIPTION, *people_and_places("demo.xa", "demo.xa.lanhdao")}

    page = page_of(english("demo.xa.lanhdao").get(f"/kho-khan/{obstacle.pk}/"))
    for label in ("Acknowledge", "Return for more information", "Escalate",
                  "Text for “Return for more information” (required)",
                  "Send comment"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(english("demo.xa").get("/kho-khan/moi/"))
    for label in ("Report an obstacle", "Description of the obstacle", "— Choose a domain —", "Equipment and IT",
                  "Classification (for a decentralised task)", "Allowed: PDF, images (JPG, PNG, WEBP)", "Submit report"):
        assert label in page, label
    assert "Tiêu đề" not in page and "Gửi phản ánh" not in page
    assert vietnamese_left(page, people_and_places("demo.xa")) == []


def test_the_written_request_form_and_its_errors_are_in_english(english, persona):
    obstacle = put_case(file_case(persona("demo.xa"), title=TITLE), status="in_progress", level="province")
    client = english("demo.tinh")
    page = page_of(client.get(f"/kho-khan/{obstacle.pk}/chuyen-len/"))
    for label in ("Escalate", "Agency receiving the request", "Document number and symbol", "For example: 123/UBND-NV",
                  "Central Steering Committee", "Signer's title"):
        assert label in page, label
    ministries = Agency.objects.filter(level="ministry").values_list("name", flat=True)
    assert vietnamese_left(page, {TITLE, *ministries, *people_and_places("demo.tinh")}) == []
    response = client.post(f"/kho-khan/{obstacle.pk}/chuyen-len/", {
        "to": "BNV", "number": "123-UBND", "signed_on": "2025-11-24", "signer_name": "Hoàng Văn Tỉnh",
        "signer_title": "Phó Chủ tịch", "content": "Đề nghị.", "version": obstacle.version,
        "file": pdf()})
    assert response.status_code == 400
    assert "The document number is not in the expected form (for example: 123/UBND-NV)." in page_of(response)


def test_a_refused_move_is_explained_in_english(english, persona):
    obstacle = file_case(persona("demo.xa"), title=TITLE)
    client = english("demo.xa")
    response = client.post(f"/kho-khan/{obstacle.pk}/thao-tac/close/", {"version": obstacle.version})
    assert response.status_code == 409
    assert "Cannot “Close” while the obstacle is “New”." in page_of(response)
    response = client.get(f"/kho-khan/{obstacle.pk}/chuyen-len/", follow=True)
    assert "The “Officer” role may not “Escalate”." in page_of(response)


def test_the_excel_export_has_english_headers(english, persona):
    _escalated_case(persona)
    response = english("demo.xa").get("/kho-khan/?xuat=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "List of obstacles"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["Code", "Title", "Domain", "Severity"] and "Deadline" in headers
    with translation.override("vi"):
        row = next(sheet.iter_rows(min_row=4, values_only=True))
    assert row[1] == TITLE and row[4] == "Escalated"
