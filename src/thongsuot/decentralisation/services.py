"""Writes for decentralised tasks: a commune reports its state; difficulty opens a case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.uploads import validate_upload
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.vocabulary import Domain
from thongsuot.decentralisation.models import (
    CommuneTaskState,
    DecentralisedTask,
    DifficultyCause,
    TaskGuidance,
    TaskState,
)
from thongsuot.decentralisation.permissions import guidance_refusal, may_edit_task_catalogue, report_refusal
from thongsuot.obstacles.services import Classification, Severity, normalise_document_number, obstacle_create

OPENS_CASE = {TaskState.DIFFICULT, TaskState.CANNOT_IMPLEMENT}
CLASSIFICATION = {
    (TaskState.CANNOT_IMPLEMENT, ""): Classification.CANNOT_IMPLEMENT,
    (TaskState.DIFFICULT, DifficultyCause.INTERPRETATION): Classification.DIFFICULT_INTERPRETATION,
    (TaskState.DIFFICULT, DifficultyCause.PROCEDURE): Classification.DIFFICULT_PROCEDURE,
    (TaskState.DIFFICULT, DifficultyCause.TTHC): Classification.DIFFICULT_TTHC,
}


@transaction.atomic
def task_state_set(*, actor, task: DecentralisedTask, state: str, cause: str = "", note: str = "",
                   version: int | None = None) -> CommuneTaskState:
    """Record the actor's commune's state for `task`. Marking it difficult or impossible opens a
    linked obstacle (once: an open linked case is reused)."""
    Forbidden.raise_if(report_refusal(actor))
    scope = scope_of(actor)
    if state not in TaskState.values:
        raise DomainError(_("Tình trạng không hợp lệ."), field="state")
    cause = cause or ""
    if state == TaskState.DIFFICULT and cause not in (DifficultyCause.INTERPRETATION, DifficultyCause.PROCEDURE,
                                                      DifficultyCause.TTHC):
        raise DomainError(_("Chọn nguyên nhân khó khăn (cách hiểu, trình tự thủ tục hoặc thủ tục hành chính)."),
                          field="cause")
    if state != TaskState.DIFFICULT:
        cause = ""
    note = nfc(note).strip()
    if state in OPENS_CASE | {TaskState.PROPOSAL} and not note:
        raise DomainError(_("Cần ghi rõ khó khăn hoặc kiến nghị."), field="note")
    row = (CommuneTaskState.objects.select_for_update(of=("self",)).select_related("obstacle")
           .filter(task=task, commune_id=scope.commune_id).first())
    check_version(row, version)  # 0: the commune had reported nothing on the task yet
    before = {"state": row.state, "cause": row.cause, "note": row.note} if row else {}
    if row is None:
        row = CommuneTaskState(task=task, province_id=scope.province_id, commune_id=scope.commune_id)
    else:
        bump(row)
    row.state, row.cause, row.note = state, cause, note
    row.updated_by, row.updated_at = actor, timezone.now()
    if state in OPENS_CASE and (row.obstacle is None or not row.obstacle.is_open):
        row.obstacle = obstacle_create(
            actor=actor, title=f"Nhiệm vụ phân cấp {task.code}: {task.name}"[:200],
            description=f"{note}\n\nCăn cứ: {task.legal_basis}.", domain=Domain.DECENTRALISATION,
            severity=Severity.HIGH if state == TaskState.CANNOT_IMPLEMENT else Severity.MEDIUM,
            classification=CLASSIFICATION[(state, cause)])
    row.save()
    audit_record(actor=actor, action="update" if before else "create", obj=row, before=before,
                 after={"state": state, "cause": cause, "note": note, "obstacle": row.obstacle_id})
    return row


#: What a catalogue entry holds that a person sets (the code finds it).
TASK_FIELDS = ("name", "legal_basis", "sector", "owning_ministry", "guidance_issued", "guidance_document")


@transaction.atomic
def task_catalogue_save(*, actor, code: str, task: DecentralisedTask | None = None, **fields) -> DecentralisedTask:
    """Add a task to the national catalogue (`task` None) or change the fields given of one."""
    if not may_edit_task_catalogue(actor):
        raise Forbidden(_("Chỉ cấp trung ương mới cập nhật danh mục nhiệm vụ phân cấp."))
    creating = task is None
    task = DecentralisedTask(code=nfc(code).strip()) if creating else (
        DecentralisedTask.objects.select_for_update().get(pk=task.pk))
    before = {} if creating else {name: _plain(getattr(task, name)) for name in TASK_FIELDS}
    for name in TASK_FIELDS:
        if name in fields:
            setattr(task, name, fields[name])
    if task.guidance_issued and not task.guidance_document.strip():
        raise DomainError(_("Đã có văn bản hướng dẫn thì phải ghi tên văn bản."), field="guidance_document")
    if not task.name.strip() or not task.legal_basis.strip():
        raise DomainError(_("Tên nhiệm vụ và căn cứ pháp lý không được để trống."), field="name")
    task.save()
    audit_record(actor=actor, action="create" if creating else "update", obj=task, before=before,
                 after={name: _plain(getattr(task, name)) for name in TASK_FIELDS})
    return task


def _plain(value):
    return getattr(value, "code", value)


@transaction.atomic
def guidance_record(*, actor, task: DecentralisedTask, number: str, signed_on, excerpt: str, upload=None,
                    submission_key: str = "") -> TaskGuidance:
    """Record a guidance document the task's ministry issued (several per task); the task then counts as
    guided, naming its latest document. The file's type is checked by content (core.uploads)."""
    Forbidden.raise_if(guidance_refusal(actor, task))
    number = normalise_document_number(number)
    if signed_on is None:
        raise DomainError(_("Chưa nhập ngày ban hành."), field="signed_on")
    if signed_on > timezone.localdate():
        raise DomainError(_("Ngày ban hành không được sau ngày hôm nay."), field="signed_on")
    excerpt = nfc(excerpt).strip()
    if not excerpt:
        raise DomainError(_("Chưa nhập trích yếu văn bản hướng dẫn."), field="excerpt")
    mime = ""
    if upload is not None:
        try:
            mime = validate_upload(upload)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="file") from exc
    scope = scope_of(actor)

    def record(key: str) -> TaskGuidance:
        # Checked here, after a resent submission was recognised (create_once returns its record first).
        if TaskGuidance.objects.filter(task=task, ministry=scope.agency, number=number).exists():
            raise DomainError(_("Văn bản số %(number)s đã được ghi cho nhiệm vụ này.") % {"number": number},
                              field="number")
        guidance = TaskGuidance(task=task, ministry=scope.agency, number=number, signed_on=signed_on,
                                excerpt=excerpt[:500], created_by=actor, created_at=timezone.now(), submission_key=key)
        if upload is not None:
            guidance.file_name, guidance.mime, guidance.size = upload.name[:200], mime, upload.size
            guidance.file.save(upload.name, upload, save=False)
        guidance.save()
        before = {"guidance_issued": task.guidance_issued, "guidance_document": task.guidance_document}
        latest = task.guidance.order_by("-signed_on", "-id").first()
        task.guidance_issued = True
        # Stored data, in Vietnamese whatever the officer's language.
        task.guidance_document = f"{latest.number} ngày {latest.signed_on:%d/%m/%Y}"
        task.save(update_fields=["guidance_issued", "guidance_document", "search_key"])
        audit_record(actor=actor, action="create", obj=guidance, before={}, after={
            "task": task.code, "number": number, "signed_on": signed_on, "excerpt": excerpt[:200],
            "file": guidance.file_name})
        audit_record(actor=actor, action="update", obj=task, before=before, after={
            "guidance_issued": True, "guidance_document": task.guidance_document})
        return guidance

    return create_once(TaskGuidance, author=actor, key=submission_key, create=record)
