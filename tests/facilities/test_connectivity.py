"""Connections, outages and their durations, platforms, equipment and procurement requests."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.facilities import services
from thongsuot.facilities.models import EquipmentNeed, Outage, ProcurementState

from .conftest import HOAN_KIEM


def test_outage_duration_in_minutes(persona, commune):
    start = timezone.now() - timedelta(hours=5)
    outage = services.outage_record(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), started_at=start,
                                    ended_at=start + timedelta(hours=2, minutes=35, seconds=50), cause="Đứt cáp quang")
    assert outage.duration_minutes == 155


def test_outage_ending_before_or_at_its_start_is_refused(persona, commune):
    start = timezone.now() - timedelta(hours=5)
    for end in (start - timedelta(minutes=1), start):
        with pytest.raises(DomainError) as err:
            services.outage_record(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), started_at=start,
                                   ended_at=end, cause="Mất điện")
        assert err.value.field == "ended_at" and err.value.message == "Thời điểm kết thúc phải sau thời điểm bắt đầu."
    assert not Outage.objects.exists()


def test_ongoing_outage_has_no_duration_until_closed(persona, commune):
    start = timezone.now() - timedelta(days=1, hours=1)
    outage = services.outage_record(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), started_at=start,
                                    cause="Bão số 3")
    assert outage.duration_minutes is None
    with pytest.raises(DomainError):
        services.outage_close(actor=persona("demo.xa"), outage=outage, ended_at=start - timedelta(seconds=1))
    services.outage_close(actor=persona("demo.xa"), outage=outage, ended_at=start + timedelta(days=1))
    outage.refresh_from_db()
    assert outage.duration_minutes == 24 * 60
    with pytest.raises(InvalidTransition):
        services.outage_close(actor=persona("demo.xa"), outage=outage, ended_at=timezone.now())


def test_connectivity_refuses_negative_speed_and_unknown_coverage(persona, commune):
    hk = commune(HOAN_KIEM)
    with pytest.raises(DomainError) as err:
        services.connectivity_set(actor=persona("demo.xa"), commune=hk, broadband_mbps="-3", mobile_coverage="4g",
                                  government_network=True, video_conference_ready=True)
    assert err.value.field == "broadband_mbps"
    with pytest.raises(DomainError) as err:
        services.connectivity_set(actor=persona("demo.xa"), commune=hk, broadband_mbps="30", mobile_coverage="6g",
                                  government_network=True, video_conference_ready=True)
    assert err.value.field == "mobile_coverage"


def test_equipment_unknown_category_and_negative_counts(persona, commune):
    hk = commune(HOAN_KIEM)
    with pytest.raises(DomainError) as err:
        services.equipment_need_set(actor=persona("demo.xa"), commune=hk, category="tau_thuy", required=1,
                                    available=0)
    assert err.value.message == "Loại thiết bị “tau_thuy” không có trong danh mục."
    with pytest.raises(DomainError) as err:
        services.equipment_need_set(actor=persona("demo.xa"), commune=hk, category="may_in", required=-1,
                                    available=0)
    assert err.value.field == "required"
    need = services.equipment_need_set(actor=persona("demo.xa"), commune=hk, category="may_in", required=12,
                                       available=5)
    assert need.gap == 7


def test_procurement_path_adds_delivered_equipment(persona, commune):
    hk = commune(HOAN_KIEM)
    services.equipment_need_set(actor=persona("demo.xa"), commune=hk, category="may_quet", required=6, available=2)
    request = services.procurement_request_create(actor=persona("demo.xa"), commune=hk, category="may_quet",
                                                  quantity=4, justification="Số hóa hồ sơ một cửa")
    services.procurement_request_move(actor=persona("demo.xa"), request=request, to_state=ProcurementState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.procurement_request_move(actor=persona("demo.xa.lanhdao"), request=request,
                                          to_state=ProcurementState.APPROVED)
    services.procurement_request_move(actor=persona("demo.tinh"), request=request, to_state=ProcurementState.APPROVED)
    with pytest.raises(InvalidTransition):
        services.procurement_request_move(actor=persona("demo.tinh"), request=request,
                                          to_state=ProcurementState.REJECTED)
    services.procurement_request_move(actor=persona("demo.xa"), request=request, to_state=ProcurementState.DELIVERED)
    assert EquipmentNeed.objects.get(commune=hk, category="may_quet").available == 6
    assert hk.readiness.equipment_score > 0


def test_rejection_needs_a_reason(persona, commune):
    request = services.procurement_request_create(actor=persona("demo.xa"), commune=commune(HOAN_KIEM),
                                                  category="xe_o_to", quantity=1, justification="Chưa có xe")
    services.procurement_request_move(actor=persona("demo.xa"), request=request, to_state=ProcurementState.SUBMITTED)
    with pytest.raises(DomainError):
        services.procurement_request_move(actor=persona("demo.tinh"), request=request,
                                          to_state=ProcurementState.REJECTED)
    request.refresh_from_db()
    assert request.state == ProcurementState.SUBMITTED


def test_other_platform_needs_a_name(persona, commune):
    with pytest.raises(DomainError) as err:
        services.platform_set(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), system="khac",
                              connected_to_province=True)
    assert err.value.field == "name"


def test_commune_page_sums_the_last_month_of_outages(client_for, persona, commune):
    now = timezone.now()
    for days, minutes in ((2, 30), (10, 45), (40, 600)):
        start = now - timedelta(days=days)
        services.outage_record(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), started_at=start,
                               ended_at=start + timedelta(minutes=minutes), cause="Mất điện")
    page = client_for("demo.xa").get("/co-so-vat-chat/ket-noi/xa/00070/").content.decode()
    assert "30 ngày qua: 2 sự cố đã khắc phục, tổng thời gian mất kết nối 75 phút." in page
