"""The dossier workflow at service level: codes, due dates, the stopped clock, on-time rules, rights."""

from datetime import date

import pytest

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition, StaleVersion
from thongsuot.procedures.models import Channel, Dossier, DossierEvent, Outcome, Status
from thongsuot.procedures.services import (
    STEP_TARGET,
    TRANSITIONS,
    classify,
    dossier_intake,
    dossier_transition,
    due_date_for,
)
from thongsuot.procedures.stats import stats_verify

from .conftest import at

Step = DossierEvent.Kind


def step(persona, dossier, kind, when, user="demo.xa", **extra):
    return dossier_transition(actor=persona(user), dossier=dossier, kind=kind, at=when,
                              note=extra.pop("note", "Lý do thử nghiệm"), **extra)


# --- Due dates on Vietnam's calendar ---------------------------------------------------------------------------

@pytest.mark.parametrize(("received", "days", "due"), [
    (date(2025, 11, 21), 3, date(2025, 11, 26)),   # Friday: the weekend is skipped
    (date(2025, 11, 22), 1, date(2025, 11, 25)),   # received on a Saturday: counting starts Monday
    (date(2026, 2, 12), 3, date(2026, 2, 24)),     # Tết 2026: 16–20/02 are holidays
    (date(2026, 2, 13), 1, date(2026, 2, 23)),
    (date(2025, 4, 25), 2, date(2025, 4, 28)),     # Saturday 26/04/2025 was a swapped working day
    (date(2025, 4, 29), 2, date(2025, 5, 6)),      # 30/04, 01/05 holidays, 02/05 swapped off: Mon 05, Tue 06
    (date(2026, 8, 21), 1, date(2026, 8, 22)),     # Saturday 22/08/2026 worked for Monday 31/08
    (date(2026, 8, 28), 2, date(2026, 9, 4)),      # 31/08 swapped off, 01–02/09 National Day
    (date(2025, 12, 31), 2, date(2026, 1, 5)),     # year boundary: 01/01/2026 is New Year's Day
])
def test_due_date_counts_working_days(db, received, days, due):
    assert due_date_for(received, days) == due


def test_intake_sets_due_date_and_counts_the_dossier(intake):
    dossier = intake(days=2, when=at(2025, 12, 31))
    assert dossier.status == Status.RECEIVED
    assert dossier.received_on == date(2025, 12, 31)
    assert dossier.due_date == date(2026, 1, 5)
    assert list(dossier.events.values_list("kind", flat=True)) == [Step.REGISTER, Step.RECEIVE]
    assert stats_verify() == []


# --- Codes -----------------------------------------------------------------------------------------------------

def test_code_is_agency_date_and_daily_sequence(intake):
    first = intake(when=at(2025, 11, 3, 8))
    second = intake(when=at(2025, 11, 3, 15))
    next_day = intake(when=at(2025, 11, 4))
    other_commune = intake(when=at(2025, 11, 3), user="demo.xa2")
    assert first.code == "X00070-251103-0001"
    assert second.code == "X00070-251103-0002"
    assert next_day.code == "X00070-251104-0001"
    assert other_commune.code == "X00004-251103-0001"


def test_a_resent_form_does_not_create_a_second_dossier(intake):
    first = intake(submission_key="abc-123")
    again = intake(submission_key="abc-123")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1


def test_only_commune_staff_receive_dossiers(persona, procedure):
    for username in ("demo.tinh", "demo.quocgia", "demo.bo", "demo.xa.xem"):
        with pytest.raises(Forbidden):
            dossier_intake(actor=persona(username), procedure=procedure(3), channel=Channel.IN_PERSON,
                           applicant_name="Lê Văn An")
    assert Dossier.objects.count() == 0


def test_internal_procedures_and_blank_names_are_refused(persona, procedure):
    with pytest.raises(DomainError, match="Thủ tục nội bộ"):
        dossier_intake(actor=persona("demo.xa"), procedure=procedure(3, is_internal=True), channel=1,
                       applicant_name="Lê Văn An")
    with pytest.raises(DomainError, match="họ và tên") as excinfo:
        dossier_intake(actor=persona("demo.xa"), procedure=procedure(3), channel=1, applicant_name="  ")
    assert excinfo.value.field == "applicant_name"
    assert Dossier.objects.count() == 0


# --- The stopped clock -----------------------------------------------------------------------------------------

def test_supplement_wait_moves_the_due_date_by_the_working_days_waited(persona, intake):
    dossier = intake(days=5, when=at(2025, 11, 3))           # Monday; due Monday 10/11
    assert dossier.due_date == date(2025, 11, 10)
    dossier = step(persona, dossier, Step.SUPPLEMENT_REQUEST, at(2025, 11, 5))
    assert dossier.status == Status.SUPPLEMENT and dossier.paused_since == date(2025, 11, 5)
    dossier = step(persona, dossier, Step.SUPPLEMENT_RECEIVED, at(2025, 11, 10))
    # Waited Thu 6, Fri 7, Mon 10: three working days.
    assert dossier.paused_days == 3
    assert dossier.due_date == date(2025, 11, 13)
    assert dossier.paused_since is None
    event = dossier.events.get(kind=Step.SUPPLEMENT_RECEIVED)
    assert event.paused_working_days == 3 and event.due_date == date(2025, 11, 13)
    dossier = step(persona, dossier, Step.FINISH, at(2025, 11, 13))
    assert dossier.outcome == Outcome.ON_TIME
    assert stats_verify() == []


def test_a_wait_across_tet_counts_only_working_days(persona, intake):
    dossier = intake(days=3, when=at(2026, 2, 9))             # due Thursday 12/02/2026
    dossier = step(persona, dossier, Step.SUPPLEMENT_REQUEST, at(2026, 2, 11))
    dossier = step(persona, dossier, Step.SUPPLEMENT_RECEIVED, at(2026, 2, 23))
    # Waited Thu 12, Fri 13, Mon 23 (16–20/02 are Tết): three working days.
    assert dossier.paused_days == 3
    # Due 12/02 moved three working days: Fri 13, Mon 23, Tue 24.
    assert dossier.due_date == date(2026, 2, 24)


def test_stopping_during_a_wait_closes_the_wait_first(persona, intake):
    dossier = intake(days=1, when=at(2025, 11, 3))            # due Tuesday 04/11
    dossier = step(persona, dossier, Step.SUPPLEMENT_REQUEST, at(2025, 11, 4))
    dossier = step(persona, dossier, Step.STOP, at(2025, 11, 7), user="demo.xa.lanhdao")
    assert dossier.due_date == date(2025, 11, 7)
    assert dossier.outcome == Outcome.ON_TIME
    assert stats_verify() == []


# --- On time (Decision 766/QĐ-TTg), hand-checked ---------------------------------------------------------------

@pytest.mark.parametrize(("finished", "due", "supplements", "outcome"), [
    (date(2025, 11, 7), date(2025, 11, 10), 0, Outcome.EARLY),
    (date(2025, 11, 10), date(2025, 11, 10), 0, Outcome.ON_TIME),
    (date(2025, 11, 11), date(2025, 11, 10), 0, Outcome.LATE),
    (date(2025, 11, 7), date(2025, 11, 10), 1, Outcome.EARLY),
    (date(2025, 11, 7), date(2025, 11, 10), 2, Outcome.LATE),   # more than one supplement request
])
def test_classify(finished, due, supplements, outcome):
    assert classify(finished_on=finished, due_date=due, supplement_count=supplements) == outcome


def test_two_supplement_requests_make_an_early_dossier_late(persona, intake):
    dossier = intake(days=10, when=at(2025, 11, 3))
    for request_day, arrival_day in ((4, 5), (6, 7)):
        dossier = step(persona, dossier, Step.SUPPLEMENT_REQUEST, at(2025, 11, request_day))
        dossier = step(persona, dossier, Step.SUPPLEMENT_RECEIVED, at(2025, 11, arrival_day))
    dossier = step(persona, dossier, Step.FINISH, at(2025, 11, 10))
    assert dossier.finished_on < dossier.due_date
    assert dossier.outcome == Outcome.LATE


def test_an_apology_letter_does_not_make_a_late_dossier_on_time(persona, intake):
    dossier = intake(days=1, when=at(2025, 11, 3))            # due Tuesday 04/11
    with pytest.raises(Forbidden):
        step(persona, dossier, Step.EXTEND, at(2025, 11, 4), new_appointment=date(2025, 11, 7))
    with pytest.raises(DomainError, match="sau ngày hẹn hiện tại"):
        step(persona, dossier, Step.EXTEND, at(2025, 11, 4), user="demo.xa.lanhdao",
             new_appointment=date(2025, 11, 4))
    with pytest.raises(DomainError, match="ngày làm việc"):
        step(persona, dossier, Step.EXTEND, at(2025, 11, 4), user="demo.xa.lanhdao",
             new_appointment=date(2025, 11, 8))
    dossier = step(persona, dossier, Step.EXTEND, at(2025, 11, 4), user="demo.xa.lanhdao",
                   new_appointment=date(2025, 11, 7), note="Cần xác minh thêm thông tin")
    assert dossier.extended_due_date == date(2025, 11, 7) and dossier.appointment_date == date(2025, 11, 7)
    assert dossier.status == Status.RECEIVED and dossier.extension_count == 1
    assert dossier.events.get(kind=Step.EXTEND).new_appointment == date(2025, 11, 7)
    dossier = step(persona, dossier, Step.FINISH, at(2025, 11, 6))
    assert dossier.outcome == Outcome.LATE


def test_a_full_journey_to_the_returned_result(persona, intake):
    dossier = intake(days=3, when=at(2025, 11, 3))
    for kind, day in ((Step.PROCESS, 3), (Step.AWAIT_FEES, 4), (Step.FEES_PAID, 4), (Step.FINISH, 5),
                      (Step.RETURN_RESULT, 6)):
        dossier = step(persona, dossier, kind, at(2025, 11, day))
    assert dossier.status == Status.RETURNED
    assert dossier.outcome == Outcome.EARLY
    assert dossier.returned_on == date(2025, 11, 6)
    assert list(dossier.events.values_list("to_status", flat=True)) == [1, 2, 4, 6, 4, 9, 10]
    # One audit event for the intake (registered and received together), one per later step.
    assert AuditEvent.objects.filter(object_type="procedures.dossier", object_id=str(dossier.pk)).count() == 6
    assert stats_verify() == []


# --- Transitions as data: every allowed one works, every other is refused --------------------------------------

def _dossier_in(persona, intake, status):
    """Bring a fresh dossier to `status` along the shortest path."""
    paths = {
        Status.REGISTERED: [], Status.RECEIVED: [Step.RECEIVE], Status.REFUSED: [Step.REFUSE],
        Status.PROCESSING: [Step.RECEIVE, Step.PROCESS], Status.SUPPLEMENT: [Step.RECEIVE, Step.SUPPLEMENT_REQUEST],
        Status.AWAITING_FEES: [Step.RECEIVE, Step.AWAIT_FEES], Status.WITHDRAWN: [Step.WITHDRAW],
        Status.STOPPED: [Step.RECEIVE, Step.STOP], Status.PROCESSED: [Step.RECEIVE, Step.FINISH],
        Status.RETURNED: [Step.RECEIVE, Step.FINISH, Step.RETURN_RESULT],
    }
    dossier = intake(register_only=True, channel=Channel.ONLINE)
    for kind in paths[status]:
        dossier = step(persona, dossier, kind, at(2025, 11, 3, 10), user="demo.xa.lanhdao")
    assert dossier.status == status
    return dossier


@pytest.mark.parametrize("status", list(Status))
def test_each_status_allows_exactly_its_steps(persona, intake, status):
    for kind in Step.values:
        if kind == Step.REGISTER:
            continue
        dossier = _dossier_in(persona, intake, status)
        events_before = dossier.events.count()
        kwargs = {"new_appointment": date(2025, 12, 31)} if kind == Step.EXTEND else {}
        if kind in TRANSITIONS[status]:
            dossier = step(persona, dossier, kind, at(2025, 11, 4), user="demo.xa.lanhdao", **kwargs)
            assert dossier.status == STEP_TARGET.get(kind, status)
            assert dossier.events.count() == events_before + 1
        else:
            with pytest.raises(InvalidTransition):
                step(persona, dossier, kind, at(2025, 11, 4), user="demo.xa.lanhdao", **kwargs)
            assert dossier.events.count() == events_before
    assert stats_verify() == []


def test_other_communes_provinces_and_viewers_cannot_act(persona, intake):
    dossier = intake()
    for username in ("demo.xa2", "demo.tinh", "demo.quocgia", "demo.xa.xem", "demo.bo"):
        with pytest.raises(Forbidden):
            step(persona, dossier, Step.PROCESS, at(2025, 11, 4), user=username)
    with pytest.raises(Forbidden):
        step(persona, dossier, Step.STOP, at(2025, 11, 4), user="demo.xa")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_a_reason_is_required_and_a_stale_version_is_refused(persona, intake):
    dossier = intake()
    with pytest.raises(DomainError, match="lý do"):
        dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=Step.SUPPLEMENT_REQUEST, note=" ")
    with pytest.raises(StaleVersion):
        dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=Step.PROCESS,
                           version=dossier.version - 1)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED
