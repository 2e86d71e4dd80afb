"""Writes for procedures and dossiers: each one transaction with its events, audit and figures.

The dossier workflow is data: `TRANSITIONS` says which steps each status allows and
`STEP_TARGET` where each step leads; `dossier_transition` is the one place that checks
and applies them. Time rules:

- the due date counts the procedure's limit in working days from the day of receipt
  (from the next working day when received on a day off);
- a supplement request stops the clock; when the supplement arrives, the due date moves
  by the working days waited (after the request day, up to and including the arrival day);
- an apology letter gives the citizen a new appointment but leaves the statutory due date,
  against which on time is judged (Decision 766/QĐ-TTg), unchanged;
- more than one supplement request makes the dossier late whatever its dates.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.models import AuditEvent
from thongsuot.audit.services import audit_record
from thongsuot.core import calendar
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition, StaleVersion
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.workflow import check_transition
from thongsuot.procedures.models import (
    OPEN_STATUSES,
    Channel,
    Dossier,
    DossierCounter,
    DossierEvent,
    Outcome,
    Procedure,
    SimplificationProposal,
    Status,
)
from thongsuot.procedures.permissions import (
    may_decide_proposal,
    may_edit_catalogue,
    may_propose_simplification,
    may_receive_dossier,
    may_take_step,
)
from thongsuot.procedures.stats import stats_apply

Step = DossierEvent.Kind


#: status → the steps it allows.
TRANSITIONS: dict[int, frozenset[str]] = {
    Status.REGISTERED: frozenset({Step.RECEIVE, Step.REFUSE, Step.WITHDRAW}),
    Status.RECEIVED: frozenset({Step.PROCESS, Step.SUPPLEMENT_REQUEST, Step.AWAIT_FEES, Step.WITHDRAW, Step.STOP,
                                Step.FINISH, Step.EXTEND}),
    Status.PROCESSING: frozenset({Step.SUPPLEMENT_REQUEST, Step.AWAIT_FEES, Step.WITHDRAW, Step.STOP, Step.FINISH,
                                  Step.EXTEND}),
    Status.SUPPLEMENT: frozenset({Step.SUPPLEMENT_RECEIVED, Step.WITHDRAW, Step.STOP, Step.EXTEND}),
    Status.AWAITING_FEES: frozenset({Step.FEES_PAID, Step.WITHDRAW, Step.STOP, Step.EXTEND}),
    Status.PROCESSED: frozenset({Step.RETURN_RESULT}),
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RETURNED: frozenset(),
}

#: step → the status it leads to (an apology letter keeps the status).
STEP_TARGET: dict[str, int] = {
    Step.RECEIVE: Status.RECEIVED,
    Step.REFUSE: Status.REFUSED,
    Step.PROCESS: Status.PROCESSING,
    Step.SUPPLEMENT_REQUEST: Status.SUPPLEMENT,
    Step.SUPPLEMENT_RECEIVED: Status.PROCESSING,
    Step.AWAIT_FEES: Status.AWAITING_FEES,
    Step.FEES_PAID: Status.PROCESSING,
    Step.WITHDRAW: Status.WITHDRAWN,
    Step.STOP: Status.STOPPED,
    Step.FINISH: Status.PROCESSED,
    Step.RETURN_RESULT: Status.RETURNED,
}

#: steps whose note (reason) is required.
REASON_REQUIRED = frozenset({Step.REFUSE, Step.SUPPLEMENT_REQUEST, Step.STOP, Step.EXTEND, Step.WITHDRAW})


def allowed_steps(dossier: Dossier) -> list[str]:
    """Return the steps the dossier's status allows, in a stable order."""
    allowed = TRANSITIONS.get(dossier.status, frozenset())
    return [kind for kind in Step.values if kind in allowed]


def steps_for(user, dossier: Dossier) -> list[str]:
    """Return the steps `user` may take on `dossier` now."""
    return [kind for kind in allowed_steps(dossier) if may_take_step(user, dossier, kind)]


def classify(*, finished_on: date, due_date: date, supplement_count: int) -> str:
    """Return the on-time outcome of a dossier that finished on `finished_on` (Decision 766/QĐ-TTg)."""
    if supplement_count > 1 or finished_on > due_date:
        return Outcome.LATE
    return Outcome.EARLY if finished_on < due_date else Outcome.ON_TIME


def due_date_for(received_on: date, time_limit_days: int) -> date:
    """Return the statutory due date of a dossier received on `received_on`."""
    return calendar.add_working_days(calendar.next_working_day(received_on), time_limit_days)


def _next_sequence(agency, day: date) -> int:
    # The counter row is created if missing (a concurrent insert is ignored), then locked:
    # two desks receiving at the same moment wait for each other instead of sharing a number.
    DossierCounter.objects.bulk_create([DossierCounter(agency=agency, day=day, last=0)], ignore_conflicts=True)
    counter = DossierCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def dossier_code(agency_code: str, day: date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def _public_fields(dossier: Dossier) -> dict:
    # Never the applicant's data: audit history is readable by province and national staff.
    return {"status": dossier.status, "due_date": dossier.due_date, "extended_due_date": dossier.extended_due_date,
            "paused_days": dossier.paused_days, "supplement_count": dossier.supplement_count,
            "finished_on": dossier.finished_on, "returned_on": dossier.returned_on, "outcome": dossier.outcome}


@transaction.atomic
def dossier_intake(*, actor, procedure: Procedure, channel: int, applicant_name: str, applicant_phone: str = "",
                   applicant_email: str = "", applicant_address: str = "", note: str = "",
                   register_only: bool = False, at: datetime | None = None, submission_key: str = "") -> Dossier:
    """Receive a dossier at the actor's commune desk (or register an online one to be received later).

    A resent submission (the same `submission_key` from the same officer) returns the dossier it made."""
    if not may_receive_dossier(actor):
        raise Forbidden(_("Chỉ công chức của xã, phường, đặc khu mới tiếp nhận được hồ sơ."))
    return create_once(Dossier, author=actor, key=submission_key, create=lambda key: _dossier_create(
        actor=actor, procedure=procedure, channel=channel, applicant_name=applicant_name,
        applicant_phone=applicant_phone, applicant_email=applicant_email, applicant_address=applicant_address,
        note=note, register_only=register_only, at=at, submission_key=key))


def _dossier_create(*, actor, procedure: Procedure, channel: int, applicant_name: str, applicant_phone: str,
                    applicant_email: str, applicant_address: str, note: str, register_only: bool,
                    at: datetime | None, submission_key: str) -> Dossier:
    if not procedure.is_active:
        raise DomainError(_("Thủ tục này không còn áp dụng."), field="procedure")
    if procedure.is_internal:
        raise DomainError(_("Thủ tục nội bộ không tiếp nhận hồ sơ của công dân."), field="procedure")
    if not applicant_name.strip():
        raise DomainError(_("Vui lòng nhập họ và tên người nộp hồ sơ."), field="applicant_name")
    if channel not in Channel.values:
        raise DomainError(_("Hình thức nộp hồ sơ không hợp lệ."), field="channel")
    at = at or timezone.now()
    day = timezone.localdate(at)
    agency = scope_of(actor).agency
    sequence = _next_sequence(agency, day)
    dossier = Dossier(
        code=dossier_code(agency.code, day, sequence), procedure=procedure, province_id=agency.province_id,
        commune_id=agency.commune_id, agency=agency, channel=channel, status=Status.REGISTERED,
        applicant_name=applicant_name.strip(), applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip(), applicant_address=applicant_address.strip(), note=note.strip(),
        registered_at=at, submission_key=submission_key, created_by=actor)
    # Received at the desk: registered and received in one go (two events, one insert, one audit).
    bumps = [] if register_only else [*_receive(dossier, at), (dossier.due_date, {"open_due": 1})]
    dossier.save(force_insert=True)
    _event(dossier, kind=Step.REGISTER, from_status=None, at=at, actor=actor, to_status=Status.REGISTERED)
    if not register_only:
        _event(dossier, kind=Step.RECEIVE, from_status=Status.REGISTERED, at=at, actor=actor)
        stats_apply(province_id=dossier.province_id, commune_id=dossier.commune_id, bumps=bumps)
    audit_record(actor=actor, action="create", obj=dossier,
                 after={"code": dossier.code, "procedure": procedure.code, "channel": channel,
                        **_public_fields(dossier)})
    return dossier


def _receive(dossier: Dossier, at: datetime) -> list[tuple[date, dict[str, int]]]:
    """Mark the dossier received at `at`, set its due date; return the figures to add."""
    day = timezone.localdate(at)
    dossier.status = Status.RECEIVED
    dossier.received_at = at
    dossier.received_on = day
    dossier.due_date = due_date_for(day, dossier.procedure.time_limit_days)
    return [(day, {"received": 1, "received_online": int(dossier.channel == Channel.ONLINE)})]


def _open_slot(dossier: Dossier) -> tuple[str, date] | None:
    """Where an open dossier is counted: by due date, or by pause day while waiting for a supplement."""
    if dossier.status not in OPEN_STATUSES:
        return None
    if dossier.paused_since is not None:
        return ("open_paused", dossier.paused_since)
    return ("open_due", dossier.due_date)


def _event(dossier: Dossier, *, kind: str, from_status, at, actor, note: str = "", new_appointment=None,
           paused_working_days: int = 0, to_status: int | None = None) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, dossier_registered_at=dossier.registered_at, province_id=dossier.province_id,
        commune_id=dossier.commune_id, kind=kind,
        from_status=from_status, to_status=to_status or dossier.status, at=at, actor=actor, note=note,
        due_date=dossier.due_date, new_appointment=new_appointment, paused_working_days=paused_working_days)


def _dossier_save(dossier: Dossier) -> None:
    """Write every field, finding the row by id and its partition key (PostgreSQL: one month's partition;
    `save()` would look for the id in every month)."""
    fields = {f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields if not f.primary_key}
    Dossier.objects.filter(pk=dossier.pk, registered_at=dossier.registered_at).update(**fields)


def _close_pause(dossier: Dossier, day: date) -> int:
    """End a supplement wait on `day`: move the due dates by the working days waited."""
    if dossier.paused_since is None:
        return 0
    waited = max(0, calendar.working_days_between(dossier.paused_since, day))
    dossier.paused_since = None
    if waited:
        dossier.due_date = calendar.add_working_days(dossier.due_date, waited)
        if dossier.extended_due_date:
            dossier.extended_due_date = calendar.add_working_days(dossier.extended_due_date, waited)
        dossier.paused_days += waited
    return waited


@transaction.atomic
def dossier_transition(*, actor, dossier: Dossier, kind: str, note: str = "", at: datetime | None = None,
                       version: int | None = None, new_appointment: date | None = None) -> Dossier:
    """Take one step of the workflow on `dossier`: check it, apply it, record it, count it."""
    # With its partition key: on PostgreSQL the row is looked for in its month's partition only.
    dossier = Dossier.objects.select_for_update().select_related("procedure").get(
        pk=dossier.pk, registered_at=dossier.registered_at)
    if version is not None and version != dossier.version:
        raise StaleVersion()
    if kind not in Step.values or kind == Step.REGISTER:
        raise InvalidTransition(_("Bước xử lý không hợp lệ."))
    check_transition(TRANSITIONS, dossier.status, kind,
                     lambda: _("Không thể “%(step)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
                         "step": Step(kind).label, "status": Status(dossier.status).label})
    if not may_take_step(actor, dossier, kind):
        raise Forbidden(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))
    note = (note or "").strip()
    if kind in REASON_REQUIRED and not note:
        raise DomainError(_("Vui lòng nhập lý do, nội dung."), field="note")
    at = at or timezone.now()
    day = timezone.localdate(at)
    before = _public_fields(dossier)
    from_status = dossier.status
    was_open = dossier.status in OPEN_STATUSES
    slot_before = _open_slot(dossier)
    bumps: list[tuple[date, dict[str, int]]] = []
    waited = 0

    if kind == Step.EXTEND:
        current = dossier.appointment_date
        if new_appointment is None:
            raise DomainError(_("Vui lòng nhập ngày hẹn trả kết quả mới."), field="new_appointment")
        if new_appointment <= current:
            raise DomainError(_("Ngày hẹn mới phải sau ngày hẹn hiện tại (%(d)s).") % {"d": f"{current:%d/%m/%Y}"},
                              field="new_appointment")
        if not calendar.is_working_day(new_appointment):
            raise DomainError(_("Ngày hẹn mới phải là ngày làm việc."), field="new_appointment")
        dossier.extended_due_date = new_appointment
        dossier.extension_count += 1
    else:
        dossier.status = STEP_TARGET[kind]

    if kind == Step.RECEIVE:
        bumps.extend(_receive(dossier, at))
    elif kind == Step.SUPPLEMENT_REQUEST:
        dossier.supplement_count += 1
        dossier.paused_since = day
    elif kind == Step.SUPPLEMENT_RECEIVED:
        waited = _close_pause(dossier, day)
    elif kind in (Step.FINISH, Step.STOP):
        waited = _close_pause(dossier, day)
        dossier.finished_on = day
        dossier.outcome = classify(finished_on=day, due_date=dossier.due_date,
                                   supplement_count=dossier.supplement_count)
        bumps.append((day, {f"done_{dossier.outcome}": 1}))
    elif kind in (Step.REFUSE, Step.WITHDRAW):
        dossier.paused_since = None
        dossier.finished_on = day
        if kind == Step.REFUSE:
            bumps.append((day, {"refused": 1}))
        elif was_open:
            # Only a received dossier leaves the figures; an unreceived registration never joined them.
            bumps.append((day, {"withdrawn": 1}))
    elif kind == Step.RETURN_RESULT:
        dossier.returned_on = day

    if kind == Step.RETURN_RESULT:
        bumps.append((day, {"returned": 1}))
    # Keep "open by due date" in step with the dossier: leave the old day, join the new one.
    # Keep the open dossiers counted in step: leave the old slot, join the new one.
    slot_after = _open_slot(dossier)
    if slot_before != slot_after:
        if slot_before is not None:
            bumps.append((slot_before[1], {slot_before[0]: -1}))
        if slot_after is not None:
            bumps.append((slot_after[1], {slot_after[0]: 1}))
    # Figures before audit, in every service: the same lock order everywhere (see stats_apply).
    stats_apply(province_id=dossier.province_id, commune_id=dossier.commune_id, bumps=bumps)

    dossier.version += 1
    _dossier_save(dossier)
    _event(dossier, kind=kind, from_status=from_status, at=at, actor=actor, note=note,
           new_appointment=new_appointment if kind == Step.EXTEND else None, paused_working_days=waited)
    audit_record(actor=actor, action=AuditEvent.Action.STATUS, obj=dossier, before=before, after=_public_fields(dossier),
                 changes={"step": kind})
    return dossier


# --- Catalogue -------------------------------------------------------------------------------------------------

PROCEDURE_FIELDS = ("code", "name", "sector", "time_limit_days", "fee", "fee_note", "online_level", "is_internal",
                    "is_active", "legal_basis")


@transaction.atomic
def procedure_save(*, actor, procedure: Procedure | None = None, version: int | None = None,
                   **fields) -> Procedure:
    """Create a catalogue entry, or update one (national level only) from the `version` the editor read."""
    if not may_edit_catalogue(actor):
        raise Forbidden(_("Chỉ cấp trung ương mới cập nhật danh mục thủ tục hành chính."))
    creating = procedure is None
    if creating:
        procedure = Procedure()
    else:
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        check_version(procedure, version)
        bump(procedure)
    before = {f: getattr(procedure, f) for f in PROCEDURE_FIELDS} if not creating else {}
    code = fields.get("code", procedure.code).strip()
    if Procedure.objects.filter(code=code).exclude(pk=procedure.pk).exists():
        raise DomainError(_("Mã thủ tục %(code)s đã có trong danh mục.") % {"code": code}, field="code")
    if int(fields.get("time_limit_days", procedure.time_limit_days or 0)) < 1:
        raise DomainError(_("Thời hạn giải quyết phải từ 1 ngày làm việc trở lên."), field="time_limit_days")
    for name in PROCEDURE_FIELDS:
        if name in fields:
            setattr(procedure, name, fields[name])
    procedure.code = code
    procedure.save()
    audit_record(actor=actor, action="create" if creating else "update", obj=procedure, before=before,
                 after={f: getattr(procedure, f) for f in PROCEDURE_FIELDS})
    return procedure


@transaction.atomic
def proposal_create(*, actor, procedure: Procedure, kind: str, content: str) -> SimplificationProposal:
    """File a proposal to cut, simplify or merge a procedure, on behalf of the actor's agency."""
    if not may_propose_simplification(actor, procedure):
        raise Forbidden(_("Bạn không có quyền gửi đề xuất."))
    scope = scope_of(actor)
    if kind not in SimplificationProposal.Kind.values:
        raise DomainError(_("Loại đề xuất không hợp lệ."), field="kind")
    if not content.strip():
        raise DomainError(_("Vui lòng nhập nội dung đề xuất."), field="content")
    proposal = SimplificationProposal.objects.create(
        procedure=procedure, kind=kind, content=content.strip(), proposed_by=scope.agency,
        province_id=scope.province_id, commune_id=scope.commune_id)
    audit_record(actor=actor, action="create", obj=proposal,
                 after={"procedure": procedure.code, "kind": kind, "content": proposal.content})
    return proposal


PROPOSAL_TRANSITIONS = {
    SimplificationProposal.State.PROPOSED: {SimplificationProposal.State.ACCEPTED,
                                            SimplificationProposal.State.REJECTED},
    SimplificationProposal.State.ACCEPTED: {SimplificationProposal.State.IMPLEMENTED},
}


@transaction.atomic
def proposal_decide(*, actor, proposal: SimplificationProposal, state: str, note: str = "") -> SimplificationProposal:
    """Accept, reject or mark implemented a proposal (a national leader)."""
    if not may_decide_proposal(actor, proposal):
        raise Forbidden(_("Chỉ lãnh đạo cấp trung ương mới xử lý đề xuất."))
    proposal = SimplificationProposal.objects.select_for_update().get(pk=proposal.pk)
    check_transition(PROPOSAL_TRANSITIONS, proposal.state, state,
                     lambda: _("Không thể chuyển đề xuất từ “%(a)s” sang “%(b)s”.") % {
                         "a": proposal.get_state_display(), "b": SimplificationProposal.State(state).label
                         if state in SimplificationProposal.State.values else state})
    before = {"state": proposal.state, "decision_note": proposal.decision_note}
    proposal.state = state
    proposal.decision_note = note.strip()
    proposal.decided_at = timezone.now()
    proposal.save()
    audit_record(actor=actor, action=AuditEvent.Action.STATUS, obj=proposal, before=before,
                 after={"state": proposal.state, "decision_note": proposal.decision_note})
    return proposal
