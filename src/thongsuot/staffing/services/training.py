"""Staffing services: training."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.vocabulary import StaffField
from thongsuot.core.workflow import check_transition
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import Enrollment, StaffMember, TrainingCourse
from thongsuot.staffing.permissions import may_add_course, may_edit_enrollment, may_enrol
from thongsuot.staffing.services._common import _require


@transaction.atomic
def course_create(*, actor, province: Province, commune: Commune | None, title: str, field: str, organiser: str,
                  starts_on: date, ends_on: date, mode: str, capacity: int, submission_key: str = "") -> TrainingCourse:
    """Open a course; a resent form (same `submission_key`) returns the course the first one opened."""
    _require(may_add_course(actor, province_id=province.pk, commune_id=commune.pk if commune else None))
    if field not in StaffField.values:
        raise DomainError(pgettext("specialty field", "Lĩnh vực không hợp lệ."), field="field")
    if mode not in TrainingCourse.Mode.values:
        raise DomainError(_("Hình thức không hợp lệ."), field="mode")
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."), field="ends_on")
    if capacity < 1:
        raise DomainError(_("Số chỗ phải từ 1 trở lên."), field="capacity")

    def create(key: str) -> TrainingCourse:
        course = TrainingCourse.objects.create(
            province=province, commune=commune, title=nfc(title).strip(), field=field,
            organiser=nfc(organiser).strip(), starts_on=starts_on, ends_on=ends_on, mode=mode, capacity=capacity,
            created_by=actor, submission_key=key)
        audit_record(actor=actor, action="create", obj=course, after={
            "title": course.title, "field": field, "starts_on": starts_on, "ends_on": ends_on, "capacity": capacity})
        return course

    return create_once(TrainingCourse, author=actor, key=submission_key, create=create)


@transaction.atomic
def enrollment_create(*, actor, course: TrainingCourse, member: StaffMember, submission_key: str = "") -> Enrollment:
    """Enrol a person; a resent form (same `submission_key` from the same user) returns the first enrolment."""

    def create(key: str) -> Enrollment:
        locked = TrainingCourse.objects.select_for_update().get(pk=course.pk)
        _require(may_enrol(actor, member))
        if member.province_id != locked.province_id or (locked.commune_id and locked.commune_id != member.commune_id):
            raise DomainError(_("Người này không thuộc phạm vi của khóa học."), field="member")
        if not member.is_active:
            raise DomainError(_("%(name)s đã nghỉ việc.") % {"name": member.full_name}, field="member")
        existing = Enrollment.objects.filter(course=locked, member=member).first()
        if existing is not None and existing.status != Enrollment.Status.WITHDRAWN:
            raise DomainError(_("%(name)s đã đăng ký khóa học này.") % {"name": member.full_name}, field="member",
                              code="duplicate")
        taken = locked.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()
        if taken >= locked.capacity:
            raise DomainError(_("Khóa học đã đủ %(n)s chỗ.") % {"n": locked.capacity}, field="member")
        if existing is not None:
            existing.status, existing.completed_on = Enrollment.Status.ENROLLED, None
            existing.created_by, existing.submission_key = actor, key
            existing.save(update_fields=["status", "completed_on", "created_by", "submission_key"])
            enrollment = existing
        else:
            enrollment = Enrollment.objects.create(province_id=member.province_id, commune_id=member.commune_id,
                                                   course=locked, member=member, created_by=actor, submission_key=key)
        audit_record(actor=actor, action="enroll", obj=enrollment, object_repr=f"Đăng ký khóa “{locked.title}”",
                     after={"course": locked.pk, "member": member.pk})
        return enrollment

    return create_once(Enrollment, author=actor, key=submission_key, create=create)


ENROLLMENT_TRANSITIONS = {
    Enrollment.Status.ENROLLED: {Enrollment.Status.COMPLETED, Enrollment.Status.WITHDRAWN},
    Enrollment.Status.COMPLETED: set(),
    Enrollment.Status.WITHDRAWN: set(),
}


@transaction.atomic
def enrollment_set_status(*, actor, enrollment: Enrollment, status: str, on: date | None = None) -> Enrollment:
    """Mark an enrolment completed or withdrawn."""
    enrollment = Enrollment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrollment.pk)
    _require(may_edit_enrollment(actor, enrollment))
    if status not in Enrollment.Status.values:
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    check_transition(ENROLLMENT_TRANSITIONS, enrollment.status, status,
                     lambda: _("Không thể chuyển từ “%(a)s” sang “%(b)s”.") % {
                         "a": enrollment.get_status_display(), "b": Enrollment.Status(status).label})
    on = on or timezone.localdate()
    if status == Enrollment.Status.COMPLETED and on < enrollment.course.starts_on:
        raise DomainError(_("Ngày hoàn thành không được trước ngày khai giảng."), field="completed_on")
    before = {"status": enrollment.status}
    enrollment.status = status
    enrollment.completed_on = on if status == Enrollment.Status.COMPLETED else None
    enrollment.save(update_fields=["status", "completed_on"])
    audit_record(actor=actor, action="update", obj=enrollment, before=before,
                 after={"status": status, "completed_on": enrollment.completed_on})
    return enrollment
