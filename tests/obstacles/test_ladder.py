"""The answer goes back to the level that asked: the province that wrote the request holds the
ministry's answer and passes it down; the commune that filed is informed; nobody is told of their own move."""

from tests.obstacles.factories import ANSWER, REQUEST, file_case, put_case
from thongsuot.accounts.models import Agency
from thongsuot.notifications.models import Notification
from thongsuot.obstacles import services
from thongsuot.obstacles.models import CaseLevel, ObstacleEvent, Status
from thongsuot.obstacles.workflow import available_moves

PEOPLE = ("demo.xa", "demo.xa.lanhdao", "demo.tinh", "demo.tinh.chuyenvien", "demo.bo", "demo.bo.lanhdao")


def _notices() -> dict[str, int]:
    return {name: Notification.objects.filter(user__username=name, key__startswith="obstacles:").count()
            for name in PEOPLE}


def _delta(before: dict[str, int]) -> dict[str, int]:
    """Who got a notice since `before` (only those who did)."""
    return {name: n - before[name] for name, n in _notices().items() if n != before[name]}


def test_the_full_ladder_returns_the_answer_to_the_province_which_passes_it_down(persona, client_for):
    seen = _notices()
    obstacle = file_case(persona("demo.xa"), domain="org_staff")
    assert _delta(seen) == {"demo.xa.lanhdao": 1}           # the filer is not told of her own filing

    seen = _notices()
    obstacle = services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                          version=obstacle.version, message="Vượt thẩm quyền cấp xã.")
    assert _delta(seen) == {"demo.tinh": 1, "demo.tinh.chuyenvien": 1}

    seen = _notices()
    bnv = Agency.objects.get(code="BNV")
    obstacle = services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                          to_ministry=bnv, **REQUEST)
    assert _delta(seen) == {"demo.bo": 1, "demo.bo.lanhdao": 1}

    seen = _notices()
    obstacle = services.obstacle_answer(actor=persona("demo.bo"), obstacle=obstacle, version=obstacle.version,
                                        **ANSWER)
    # The province wrote the request: it holds the answer and is notified; the commune is informed.
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.ANSWERED, CaseLevel.PROVINCE, "T01")
    assert _delta(seen) == {"demo.tinh": 1, "demo.tinh.chuyenvien": 1, "demo.xa": 1, "demo.xa.lanhdao": 1}
    informed = Notification.objects.filter(user__username="demo.xa").latest("id")
    assert informed.title == (f"Khó khăn do cơ quan bạn phản ánh đã có văn bản trả lời, gửi UBND Thành phố Hà Nội: "
                              f"{obstacle.code} — {obstacle.title}")
    answered = obstacle.events.get(kind=ObstacleEvent.Kind.ANSWER)
    assert (answered.to_agency.code, answered.answer.number) == ("T01", "456/BNV-CQĐP")

    # While the province decides, the commune does not hold the case: it cannot close it.
    commune_page = client_for("demo.xa").get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert "Khó khăn đang ở UBND Thành phố Hà Nội; chưa đến lượt cơ quan của bạn." in commune_page
    province_page = client_for("demo.tinh.chuyenvien").get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert "Chuyển hướng dẫn xuống cấp dưới" in province_page and "Bộ Nội vụ hướng dẫn" in province_page

    seen = _notices()
    response = client_for("demo.tinh.chuyenvien").post(f"/kho-khan/{obstacle.pk}/thao-tac/pass_down/", {
        "version": obstacle.version, "message": "Đề nghị phường thực hiện theo hướng dẫn."})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.ANSWERED, CaseLevel.COMMUNE, "X00070")
    assert _delta(seen) == {"demo.xa": 1, "demo.xa.lanhdao": 1}
    passed = obstacle.events.get(kind=ObstacleEvent.Kind.PASS_DOWN)
    assert (passed.to_agency.code, passed.answer.number, passed.actor.username) == (
        "X00070", "456/BNV-CQĐP", "demo.tinh.chuyenvien")

    page = client_for("demo.xa").get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert 'id="guidance"' in page and "Bộ Nội vụ hướng dẫn: bố trí theo Nghị định 150/2025/NĐ-CP." in page
    assert "Văn bản trả lời số 456/BNV-CQĐP ngày 25/11/2025" in page       # the timeline names the document
    assert "→ UBND Thành phố Hà Nội" in page and "→ UBND Phường Hoàn Kiếm" in page   # and where it went
    obstacle = services.obstacle_transition(actor=persona("demo.xa"), obstacle=obstacle, action="close",
                                            version=obstacle.version)
    assert obstacle.status == Status.CLOSED


def test_a_province_answering_a_commune_sends_it_back_to_the_commune(persona):
    """Commune → province, settled by the province: the commune asked, so the case returns to it."""
    obstacle = file_case(persona("demo.xa"))
    obstacle = services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                          version=obstacle.version, message="Vượt thẩm quyền cấp xã.")
    seen = _notices()
    obstacle = services.obstacle_transition(actor=persona("demo.tinh"), obstacle=obstacle, action="resolve",
                                            version=obstacle.version, message="Tỉnh đã bố trí kinh phí.")
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.RESOLVED, CaseLevel.COMMUNE, "X00070")
    assert _delta(seen) == {"demo.xa": 1, "demo.xa.lanhdao": 1}


def test_a_province_filed_case_answered_by_the_ministry_returns_to_the_province(persona):
    obstacle = file_case(persona("demo.tinh"))
    obstacle = services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                          to_ministry=Agency.objects.get(code="BNV"), **REQUEST)
    seen = _notices()
    obstacle = services.obstacle_answer(actor=persona("demo.bo.lanhdao"), obstacle=obstacle,
                                        version=obstacle.version, **ANSWER)
    assert (obstacle.level, obstacle.responsible_agency.code) == (CaseLevel.PROVINCE, "T01")
    assert _delta(seen) == {"demo.tinh": 1, "demo.tinh.chuyenvien": 1}     # holder and filer: one notice each
    assert "pass_down" not in [a for a, _m in available_moves(obstacle, persona("demo.tinh"))]


def test_only_the_asking_agency_may_pass_the_guidance_down(persona, client_for):
    obstacle = put_case(file_case(persona("demo.xa")), status=Status.IN_PROGRESS, level=CaseLevel.MINISTRY)
    obstacle = services.obstacle_answer(actor=persona("demo.bo"), obstacle=obstacle, version=obstacle.version,
                                        **ANSWER)
    url = f"/kho-khan/{obstacle.pk}/thao-tac/pass_down/"
    refused = client_for("demo.xa.lanhdao").post(url, {"version": obstacle.version, "message": ""})
    assert refused.status_code == 403
    assert "Chưa đến lượt cơ quan của bạn: “Chuyển hướng dẫn xuống cấp dưới” thuộc về UBND Thành phố Hà Nội." \
        in refused.content.decode()
    assert client_for("demo.bo.lanhdao").post(url, {"version": obstacle.version}).status_code == 403
    assert client_for("demo.xa2").post(url, {"version": obstacle.version}).status_code == 404
    assert client_for("demo.tinh2").post(url, {"version": obstacle.version}).status_code == 404
    obstacle.refresh_from_db()
    assert obstacle.responsible_agency.code == "T01"
    assert client_for("demo.tinh").post(url, {"version": obstacle.version}).status_code == 302


def test_the_filer_reads_who_the_case_waits_for_and_a_closed_case_reads_closed(persona, client_for):
    obstacle = file_case(persona("demo.xa"))
    page = client_for("demo.xa").get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert "Chưa đến lượt cơ quan của bạn" not in page
    assert ("Đang chờ lãnh đạo của UBND Phường Hoàn Kiếm: tiếp nhận, trả lại, yêu cầu bổ sung, chuyển cấp trên."
            in page)

    obstacle = put_case(obstacle, status=Status.CLOSED, level=CaseLevel.COMMUNE)
    for name in ("demo.xa.xem", "demo.tinh"):
        page = client_for(name).get(f"/kho-khan/{obstacle.pk}/").content.decode()
        assert "Khó khăn đã đóng." in page and "Đang chờ" not in page and "chưa đến lượt" not in page


def test_the_ministry_panel_labels_each_text_box_with_its_move(persona, client_for):
    obstacle = put_case(file_case(persona("demo.xa")), status=Status.ESCALATED, level=CaseLevel.MINISTRY)
    page = client_for("demo.bo.lanhdao").get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert "<legend>Tiếp nhận</legend>" in page and "<legend>Trả lại, yêu cầu bổ sung</legend>" in page
    assert '<label for="msg-return">Nội dung khi “Trả lại, yêu cầu bổ sung” (bắt buộc)</label>' in page
    assert '<label for="msg-acknowledge">Ghi chú khi “Tiếp nhận” (không bắt buộc)</label>' in page
