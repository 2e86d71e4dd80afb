"""Handling plans: proposal, approval, completion, cancellation, and the rules that refuse bad ones."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.facilities import services
from thongsuot.facilities.models import Facility, FacilityStatus, HandlingPlan, PlanMethod, PlanState

from .conftest import days_ago


def _propose(persona, facility, method=PlanMethod.TO_HEALTH, reason="", deadline=None):
    return services.handling_plan_propose(actor=persona("demo.xa"), facility=facility, method=method,
                                          deadline=deadline or timezone.localdate() + timedelta(days=30),
                                          reason_not_priority=reason)


def test_full_path_records_events_audit_and_facility_copy(persona, make_facility):
    facility = make_facility()
    plan = _propose(persona, facility)
    assert Facility.objects.get(pk=facility.pk).plan_state == PlanState.PROPOSED
    services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="88/QĐ-UBND",
                                   approval_date=days_ago(5))
    services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(1))
    plan.refresh_from_db()
    assert plan.state == PlanState.DONE and plan.done_date == days_ago(1)
    assert [e.kind for e in plan.events.all()] == ["propose", "approve", "complete"]
    facility.refresh_from_db()
    assert facility.plan_state == PlanState.DONE and facility.is_handled
    actions = list(AuditEvent.objects.filter(object_type="facilities.handlingplan", object_id=str(plan.pk))
                   .values_list("action", flat=True))
    assert actions == ["create", "approve", "complete"]
    readiness = facility.commune.readiness
    assert (readiness.surplus_count, readiness.surplus_handled) == (1, 1)


@pytest.mark.parametrize("method", [PlanMethod.AUCTION, PlanMethod.LEASE, PlanMethod.LIQUIDATE])
def test_selling_leasing_liquidating_need_a_reason(persona, make_facility, method):
    facility = make_facility()
    with pytest.raises(DomainError) as err:
        _propose(persona, facility, method=method, reason="   ")
    assert err.value.field == "reason_not_priority" and "lý do" in err.value.message
    assert not HandlingPlan.objects.filter(facility=facility).exists()
    plan = _propose(persona, facility, method=method,
                    reason="Đã đề nghị ngành y tế, giáo dục, công an xã: không có nhu cầu (văn bản 12/SYT).")
    assert plan.method == method


def test_priority_use_needs_no_reason(persona, make_facility):
    assert _propose(persona, make_facility(), method=PlanMethod.TO_POLICE).reason_not_priority == ""


def test_unknown_method_is_refused(persona, make_facility):
    with pytest.raises(DomainError) as err:
        _propose(persona, make_facility(), method="ban_ngay")
    assert err.value.field == "method" and "không có trong danh mục" in err.value.message


def test_plan_for_premises_in_use_is_refused(persona, make_facility):
    with pytest.raises(DomainError) as err:
        _propose(persona, make_facility(status=FacilityStatus.IN_USE))
    assert "dôi dư" in err.value.message


def test_second_live_plan_is_refused_until_the_first_is_cancelled(persona, make_facility):
    facility = make_facility()
    first = _propose(persona, facility)
    with pytest.raises(DomainError):
        _propose(persona, facility, method=PlanMethod.TO_EDUCATION)
    services.handling_plan_cancel(actor=persona("demo.xa"), plan=first, note="Đổi phương án")
    second = _propose(persona, facility, method=PlanMethod.TO_EDUCATION)
    facility.refresh_from_db()
    assert facility.plan_method == PlanMethod.TO_EDUCATION and second.state == PlanState.PROPOSED


def test_done_date_before_approval_is_refused(persona, approved_plan):
    plan = approved_plan()
    with pytest.raises(DomainError) as err:
        services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(11))
    assert err.value.field == "done_date" and "trước ngày phê duyệt" in err.value.message
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.done_date is None
    assert plan.events.count() == 2


def test_done_date_in_the_future_is_refused(persona, approved_plan):
    plan = approved_plan()
    with pytest.raises(DomainError):
        services.handling_plan_complete(actor=persona("demo.xa"), plan=plan,
                                        done_date=timezone.localdate() + timedelta(days=1))


def test_done_on_approval_day_is_allowed(persona, approved_plan):
    plan = approved_plan()
    services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(10))
    assert HandlingPlan.objects.get(pk=plan.pk).state == PlanState.DONE


def test_complete_without_approval_is_an_invalid_transition(persona, make_facility):
    plan = _propose(persona, make_facility())
    with pytest.raises(InvalidTransition):
        services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(0))


def test_done_plan_cannot_be_cancelled_or_approved_again(persona, approved_plan):
    plan = approved_plan()
    services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(1))
    with pytest.raises(InvalidTransition):
        services.handling_plan_cancel(actor=persona("demo.tinh"), plan=plan, note="Nhầm")
    with pytest.raises(InvalidTransition):
        services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="1", approval_date=days_ago(1))


def test_only_a_province_leader_approves(persona, make_facility):
    plan = _propose(persona, make_facility())
    for username in ("demo.xa", "demo.xa.lanhdao", "demo.tinh.chuyenvien", "demo.tinh2"):
        with pytest.raises(PermissionDenied):
            services.handling_plan_approve(actor=persona(username), plan=plan, decision_number="1/QĐ",
                                           approval_date=days_ago(1))
    assert HandlingPlan.objects.get(pk=plan.pk).state == PlanState.PROPOSED


def test_approval_needs_decision_number_and_sensible_dates(persona, make_facility):
    plan = _propose(persona, make_facility(), deadline=days_ago(-20))
    with pytest.raises(DomainError) as err:
        services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number=" ",
                                       approval_date=days_ago(1))
    assert err.value.field == "decision_number"
    with pytest.raises(DomainError) as err:
        services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="5/QĐ",
                                       approval_date=days_ago(-1))
    assert err.value.field == "approval_date"
    with pytest.raises(DomainError) as err:
        services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="5/QĐ",
                                       approval_date=days_ago(1), deadline=days_ago(3))
    assert err.value.field == "deadline"
    assert HandlingPlan.objects.get(pk=plan.pk).state == PlanState.PROPOSED


def test_cancel_needs_a_reason_and_commune_cannot_cancel_an_approved_plan(persona, approved_plan):
    plan = approved_plan()
    with pytest.raises(PermissionDenied):
        services.handling_plan_cancel(actor=persona("demo.xa"), plan=plan, note="Không làm nữa")
    with pytest.raises(DomainError):
        services.handling_plan_cancel(actor=persona("demo.tinh"), plan=plan, note="")
    services.handling_plan_cancel(actor=persona("demo.tinh"), plan=plan, note="Thay đổi quy hoạch")
    plan.facility.refresh_from_db()
    assert plan.facility.plan_state == "" and plan.facility.plan_method == ""


def test_editing_a_proposal_and_not_an_approved_plan(persona, make_facility, approved_plan):
    plan = _propose(persona, make_facility())
    services.handling_plan_update(actor=persona("demo.xa"), plan=plan, method=PlanMethod.TO_CULTURE_SPORTS,
                                  deadline=days_ago(-40))
    assert HandlingPlan.objects.get(pk=plan.pk).method == PlanMethod.TO_CULTURE_SPORTS
    approved = approved_plan()
    with pytest.raises(InvalidTransition):
        services.handling_plan_update(actor=persona("demo.xa"), plan=approved, method=PlanMethod.KEEP,
                                      deadline=days_ago(-40))


def test_viewer_and_other_commune_cannot_propose(persona, make_facility):
    facility = make_facility()
    for username in ("demo.xa.xem", "demo.xa2", "demo.tinh2"):
        with pytest.raises(PermissionDenied):
            services.handling_plan_propose(actor=persona(username), facility=facility, method=PlanMethod.KEEP,
                                           deadline=days_ago(-10))
    assert not HandlingPlan.objects.exists()
