"""Recording premises: the fields they need and the values they refuse."""

import pytest
from django.core.exceptions import PermissionDenied

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError
from thongsuot.facilities import services
from thongsuot.facilities.models import Facility

from .conftest import BA_DINH, HOAN_KIEM


def test_create_records_province_commune_and_audit(make_facility):
    facility = make_facility()
    assert facility.commune.code == HOAN_KIEM and facility.province.code == "01"
    assert facility.search_key.startswith("tru so ubnd phuong hang bac cu")
    event = AuditEvent.objects.get(object_type="facilities.facility", object_id=str(facility.pk))
    assert event.action == "create" and event.changes["land_area_m2"] == [None, "540"]


@pytest.mark.parametrize("field,value,message", [
    ("land_area_m2", "-1", "Diện tích đất không được âm."),
    ("floor_area_m2", "-0.5", "Diện tích sàn không được âm."),
    ("land_area_m2", "abc", "Diện tích đất phải là một số."),
    ("year_built", 1700, "Năm xây dựng phải từ 1800"),
    ("status", "bo_hoang", "Tình trạng sử dụng “bo_hoang” không có trong danh mục."),
    ("kind", "lau_dai", "Loại cơ sở “lau_dai” không có trong danh mục."),
    ("name", "  ", "Tên cơ sở không được để trống."),
])
def test_bad_values_are_refused_and_nothing_saved(make_facility, field, value, message):
    with pytest.raises(DomainError) as err:
        make_facility(**{field: value})
    assert err.value.field == field and err.value.message.startswith(message)
    assert not Facility.objects.exists()
    assert not AuditEvent.objects.filter(object_type="facilities.facility").exists()


def test_other_commune_officer_cannot_record_here(make_facility):
    with pytest.raises(PermissionDenied):
        make_facility(HOAN_KIEM, by="demo.xa2")
    assert make_facility(BA_DINH, by="demo.xa2").commune.code == BA_DINH


def test_update_is_audited_with_before_and_after(persona, make_facility):
    facility = make_facility()
    services.facility_update(actor=persona("demo.xa"), facility=facility, status="dang_su_dung",
                             current_use="Nhà văn hóa khu phố")
    event = AuditEvent.objects.filter(object_type="facilities.facility", action="update").get()
    assert event.changes["status"] == ["du_doi", "dang_su_dung"]
    assert event.changes["current_use"] == ["Bỏ trống", "Nhà văn hóa khu phố"]


def test_premises_with_a_pending_plan_cannot_be_put_back_in_use(persona, approved_plan):
    plan = approved_plan()
    with pytest.raises(DomainError) as err:
        services.facility_update(actor=persona("demo.xa"), facility=plan.facility, status="dang_su_dung")
    assert err.value.field == "status"
    assert Facility.objects.get(pk=plan.facility_id).status == "du_doi"
