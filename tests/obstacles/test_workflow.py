"""The transition table: every allowed and every refused move, with its event and audit rows."""

import pytest

from tests.obstacles.factories import ANSWER, REQUEST, file_case, put_case
from thongsuot.accounts.models import Agency
from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import Forbidden, InvalidTransition, StaleVersion
from thongsuot.obstacles import services
from thongsuot.obstacles.models import CaseLevel, ObstacleEvent, Status
from thongsuot.obstacles.workflow import ALLOWED, TRANSITIONS

#: For each action, the level where it is tried and the persona whose turn it is there.
WHERE = {
    "acknowledge": (CaseLevel.COMMUNE, "demo.xa.lanhdao"),
    "start": (CaseLevel.COMMUNE, "demo.xa.lanhdao"),
    "return": (CaseLevel.PROVINCE, "demo.tinh"),
    "resubmit": (CaseLevel.COMMUNE, "demo.xa"),
    "escalate": (CaseLevel.COMMUNE, "demo.xa.lanhdao"),
    "answer": (CaseLevel.MINISTRY, "demo.bo.lanhdao"),
    "pass_down": (CaseLevel.PROVINCE, "demo.tinh"),
    "resolve": (CaseLevel.PROVINCE, "demo.tinh"),
    "close": (CaseLevel.COMMUNE, "demo.xa"),
    "reopen": (CaseLevel.COMMUNE, "demo.xa"),
}
PAIRS = [(action, status) for action in TRANSITIONS for status in Status.values]


def _do(action, obstacle, user):
    if action == "escalate":
        return services.obstacle_escalate(actor=user, obstacle=obstacle, version=obstacle.version,
                                          message="Vượt thẩm quyền cấp xã.")
    if action == "answer":
        return services.obstacle_answer(actor=user, obstacle=obstacle, version=obstacle.version, **ANSWER)
    return services.obstacle_transition(actor=user, obstacle=obstacle, action=action, version=obstacle.version,
                                        message="Ghi chú thao tác.")


def test_the_table_covers_every_status_and_reads_both_ways():
    assert set(ALLOWED) == set(Status.values)
    assert ALLOWED[Status.CLOSED] == {Status.REOPENED}
    assert Status.ESCALATED in ALLOWED[Status.NEW]
    assert Status.CLOSED not in ALLOWED[Status.NEW]


@pytest.mark.parametrize(("action", "status"), PAIRS, ids=[f"{a}-from-{s}" for a, s in PAIRS])
def test_each_move_is_allowed_exactly_from_its_source_statuses(persona, action, status):
    """An allowed move changes the status and writes one event and one audit row; a refused one
    raises InvalidTransition and changes nothing."""
    level, username = WHERE[action]
    obstacle = put_case(file_case(persona("demo.xa")), status=status, level=level)
    user = persona(username)
    events_before = ObstacleEvent.objects.filter(obstacle=obstacle).count()
    audits_before = AuditEvent.objects.filter(object_type="obstacles.obstacle", object_id=str(obstacle.pk)).count()
    if status in TRANSITIONS[action].sources:
        result = _do(action, obstacle, user)
        assert result.status == TRANSITIONS[action].target
        assert result.version == obstacle.version + 1
        event = ObstacleEvent.objects.filter(obstacle=obstacle).latest("id")
        assert (event.kind, event.from_status, event.to_status, event.actor) == (action, status, result.status, user)
        audit = AuditEvent.objects.filter(object_type="obstacles.obstacle", object_id=str(obstacle.pk)).latest("id")
        assert audit.action == "status" and audit.changes["transition"] == action
        if status != result.status:
            assert audit.changes["status"] == [status, result.status]
        else:  # a case received and sent straight on: its level changes, not its status
            assert audit.changes["level"] == [level, result.level]
    else:
        with pytest.raises(InvalidTransition) as caught:
            _do(action, obstacle, user)
        assert str(Status(status).label) in caught.value.message
        obstacle.refresh_from_db()
        assert obstacle.status == status
        assert ObstacleEvent.objects.filter(obstacle=obstacle).count() == events_before
        assert AuditEvent.objects.filter(object_type="obstacles.obstacle",
                                         object_id=str(obstacle.pk)).count() == audits_before


@pytest.mark.parametrize(("action", "level"), [("answer", CaseLevel.COMMUNE), ("answer", CaseLevel.PROVINCE),
                                               ("escalate", CaseLevel.NATIONAL), ("resolve", CaseLevel.MINISTRY),
                                               ("resolve", CaseLevel.NATIONAL)])
def test_moves_refused_at_the_wrong_level(persona, action, level):
    holders = {CaseLevel.COMMUNE: "demo.xa.lanhdao", CaseLevel.PROVINCE: "demo.tinh",
               CaseLevel.MINISTRY: "demo.bo.lanhdao", CaseLevel.NATIONAL: "demo.quocgia"}
    obstacle = put_case(file_case(persona("demo.xa")), status=Status.IN_PROGRESS, level=level)
    with pytest.raises(InvalidTransition, match=str(CaseLevel(level).label).lower()):
        _do(action, obstacle, persona(holders[level]))


def test_an_officer_cannot_acknowledge_and_a_viewer_cannot_start(persona):
    obstacle = file_case(persona("demo.xa"))
    with pytest.raises(Forbidden, match="Vai trò “Chuyên viên” không được phép “Tiếp nhận”"):
        _do("acknowledge", obstacle, persona("demo.xa"))
    obstacle = put_case(obstacle, status=Status.ACKNOWLEDGED, level=CaseLevel.COMMUNE)
    with pytest.raises(Forbidden, match="Vai trò “Xem”"):
        _do("start", obstacle, persona("demo.xa.xem"))


def test_only_the_agency_whose_turn_it_is_may_act(persona):
    obstacle = file_case(persona("demo.xa"))
    with pytest.raises(Forbidden, match="Chưa đến lượt cơ quan của bạn.*UBND Phường Hoàn Kiếm"):
        _do("acknowledge", obstacle, persona("demo.tinh"))
    with pytest.raises(Forbidden):
        _do("acknowledge", obstacle, persona("demo.xa2"))


def test_a_stale_version_is_refused_and_nothing_changes(persona):
    obstacle = file_case(persona("demo.xa"))
    services.obstacle_transition(actor=persona("demo.xa.lanhdao"), obstacle=obstacle, action="acknowledge",
                                 version=obstacle.version)
    with pytest.raises(StaleVersion, match="vừa được người khác thay đổi"):
        services.obstacle_transition(actor=persona("demo.xa.lanhdao"), obstacle=obstacle, action="start",
                                     version=obstacle.version)
    obstacle.refresh_from_db()
    assert obstacle.status == Status.ACKNOWLEDGED and obstacle.version == 2


def test_return_and_resolve_need_a_note(persona):
    from thongsuot.core.errors import DomainError

    obstacle = file_case(persona("demo.xa"))
    with pytest.raises(DomainError, match="Cần ghi nội dung") as caught:
        services.obstacle_transition(actor=persona("demo.xa.lanhdao"), obstacle=obstacle, action="return",
                                     version=obstacle.version, message="  ")
    assert caught.value.field == "message"


def test_the_full_ladder_at_service_level(persona):
    """commune → province → ministry (written request) → answer to the province → guidance passed
    down to the commune → closed by the commune."""
    obstacle = file_case(persona("demo.xa"), domain="org_staff")
    obstacle = services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                          version=obstacle.version, message="Vượt thẩm quyền.")
    assert (obstacle.level, obstacle.responsible_agency.code) == (CaseLevel.PROVINCE, "T01")
    bnv = Agency.objects.get(code="BNV")
    obstacle = services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                          to_ministry=bnv, **REQUEST)
    assert (obstacle.level, obstacle.responsible_agency, obstacle.ministry) == (CaseLevel.MINISTRY, bnv, bnv)
    assert obstacle.requests.get().number == "123/UBND-NV"
    obstacle = services.obstacle_answer(actor=persona("demo.bo.lanhdao"), obstacle=obstacle,
                                        version=obstacle.version, **ANSWER)
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.ANSWERED, CaseLevel.PROVINCE, "T01")
    assert obstacle.answers.get().request == obstacle.requests.get()
    obstacle = services.obstacle_transition(actor=persona("demo.tinh"), obstacle=obstacle, action="pass_down",
                                            version=obstacle.version)
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.ANSWERED, CaseLevel.COMMUNE, "X00070")
    obstacle = services.obstacle_transition(actor=persona("demo.xa"), obstacle=obstacle, action="close",
                                            version=obstacle.version)
    assert obstacle.status == Status.CLOSED and obstacle.closed_at is not None
    kinds = list(obstacle.events.values_list("kind", flat=True))
    assert kinds == ["create", "escalate", "escalate", "answer", "pass_down", "close"]


def test_escalating_above_the_province_needs_a_well_formed_request(persona):
    from thongsuot.core.errors import DomainError

    obstacle = put_case(file_case(persona("demo.xa")), status=Status.IN_PROGRESS, level=CaseLevel.PROVINCE)
    bnv = Agency.objects.get(code="BNV")
    with pytest.raises(DomainError, match="Số, ký hiệu") as caught:
        services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                   to_ministry=bnv, **{**REQUEST, "number": "abc"})
    assert caught.value.field == "number"
    with pytest.raises(DomainError, match="Chọn bộ, ngành"):
        services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                   **REQUEST)
    obstacle.refresh_from_db()
    assert obstacle.status == Status.IN_PROGRESS and not obstacle.requests.filter(number="abc").exists()


def test_province_escalates_to_the_national_level_and_a_return_goes_to_the_province(persona):
    obstacle = put_case(file_case(persona("demo.xa")), status=Status.IN_PROGRESS, level=CaseLevel.PROVINCE)
    obstacle = services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                          to_national=True, **REQUEST)
    assert (obstacle.level, obstacle.responsible_agency.code) == (CaseLevel.NATIONAL, "BCD")
    obstacle = services.obstacle_transition(actor=persona("demo.quocgia"), obstacle=obstacle, action="return",
                                            version=obstacle.version, message="Bổ sung số liệu biên chế.")
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.RETURNED, CaseLevel.PROVINCE, "T01")
