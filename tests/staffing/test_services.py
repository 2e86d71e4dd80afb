"""Service rules: quotas and overrides, gap arithmetic after each kind of personnel action,
org units, training, travel support — including what is refused and that nothing is half-saved."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition
from thongsuot.geo.models import Commune
from thongsuot.staffing import services
from thongsuot.staffing.models import Enrollment, OrgUnit, PersonnelAction, StaffingQuota, StaffMember

from .conftest import DECIDED, quota

pytestmark = pytest.mark.django_db


def gaps(commune):
    return dict(StaffingQuota.objects.filter(commune=commune).values_list("field", "gap"))


def test_quotas_follow_the_default_rule_spread_over_fields(hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    rows = StaffingQuota.objects.filter(commune=hoan_kiem)
    assert rows.count() == 11
    assert sum(r.headcount for r in rows) == 35
    assert all(r.gap == r.headcount and r.active_count == 0 for r in rows)


def test_recruitment_closes_one_gap_in_its_field_only(hoan_kiem, recruit):
    services.quotas_ensure(commune=hoan_kiem)
    before = gaps(hoan_kiem)
    member = recruit(hoan_kiem, field="it", by="demo.xa")
    after = gaps(hoan_kiem)
    assert after["it"] == before["it"] - 1
    assert {k: v for k, v in after.items() if k != "it"} == {k: v for k, v in before.items() if k != "it"}
    assert quota(hoan_kiem, "it").active_count == 1
    assert member.actions.get().kind == PersonnelAction.Kind.RECRUITMENT
    assert AuditEvent.objects.filter(object_type="staffing.staffmember", object_id=str(member.pk),
                                     action="recruitment").exists()


def test_labour_contract_counts_and_sets_the_category(hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="finance", kind=PersonnelAction.Kind.LABOUR_CONTRACT,
                     contract_until=date(2026, 12, 31))
    assert member.category == StaffMember.Category.HOP_DONG
    assert quota(hoan_kiem, "finance").gap == quota(hoan_kiem, "finance").headcount - 1


def test_transfer_moves_the_gap_from_one_commune_to_the_other(hoan_kiem, ba_dinh, recruit, persona):
    member = recruit(hoan_kiem, field="land")
    services.quotas_ensure(commune=ba_dinh)
    hk_before, bd_before = quota(hoan_kiem, "land").gap, quota(ba_dinh, "land").gap
    action = services.staff_move(actor=persona("demo.tinh"), member=member, kind=PersonnelAction.Kind.TRANSFER,
                                 to_commune=ba_dinh, decision_number="15/QĐ-UBND", decision_date=DECIDED,
                                 effective_date=DECIDED)
    assert quota(hoan_kiem, "land").gap == hk_before + 1
    assert quota(ba_dinh, "land").gap == bd_before - 1
    member.refresh_from_db()
    assert member.commune == ba_dinh
    assert (action.from_commune, action.to_commune) == (hoan_kiem, ba_dinh)
    assert list(member.actions.values_list("kind", flat=True)) == ["transfer", "recruitment"]


def test_rotation_into_another_field_moves_both_counters(hoan_kiem, ba_dinh, recruit, persona):
    member = recruit(hoan_kiem, field="land")
    services.quotas_ensure(commune=ba_dinh)
    services.staff_move(actor=persona("demo.tinh"), member=member, kind=PersonnelAction.Kind.ROTATION,
                        to_commune=ba_dinh, to_field="planning", decision_number="16/QĐ-UBND",
                        decision_date=DECIDED, effective_date=DECIDED)
    assert quota(hoan_kiem, "land").active_count == 0
    assert quota(ba_dinh, "planning").active_count == 1
    assert quota(ba_dinh, "land").active_count == 0


def test_secondment_counts_at_the_host_and_returning_clears_it(hoan_kiem, ba_dinh, recruit, persona):
    member = recruit(hoan_kiem, field="it")
    tinh = persona("demo.tinh")
    services.staff_move(actor=tinh, member=member, kind=PersonnelAction.Kind.SECONDMENT, to_commune=ba_dinh,
                        decision_number="17/QĐ-UBND", decision_date=DECIDED, effective_date=DECIDED)
    member.refresh_from_db()
    assert member.seconded_from == hoan_kiem
    assert (quota(hoan_kiem, "it").active_count, quota(ba_dinh, "it").active_count) == (0, 1)
    services.staff_move(actor=tinh, member=member, kind=PersonnelAction.Kind.SECONDMENT, to_commune=hoan_kiem,
                        decision_number="18/QĐ-UBND", decision_date=DECIDED, effective_date=DECIDED)
    member.refresh_from_db()
    assert member.seconded_from is None
    assert (quota(hoan_kiem, "it").active_count, quota(ba_dinh, "it").active_count) == (1, 0)


def test_transfer_from_the_province_to_a_commune_closes_a_gap(hoan_kiem, recruit, persona):
    services.quotas_ensure(commune=hoan_kiem)
    member = services.staff_recruit(
        actor=persona("demo.tinh"), province=hoan_kiem.province, commune=None, full_name="Trần Văn Tỉnh",
        gender="male", birth_year=1985, category="cong_chuc", position="Chuyên viên Sở", field="it",
        decision_number="1/QĐ-SNV", decision_date=DECIDED, effective_date=DECIDED)
    before = quota(hoan_kiem, "it").gap
    services.staff_move(actor=persona("demo.tinh"), member=member, kind=PersonnelAction.Kind.TRANSFER,
                        to_commune=hoan_kiem, decision_number="2/QĐ-SNV", decision_date=DECIDED,
                        effective_date=DECIDED)
    assert quota(hoan_kiem, "it").gap == before - 1


def test_leaving_reopens_the_gap_and_a_second_leaving_is_refused(hoan_kiem, recruit, persona):
    member = recruit(hoan_kiem, field="health")
    gap = quota(hoan_kiem, "health").gap
    services.staff_leave(actor=persona("demo.xa"), member=member, decision_number="9/QĐ-UBND",
                         decision_date=DECIDED, effective_date=DECIDED)
    assert quota(hoan_kiem, "health").gap == gap + 1
    member.refresh_from_db()
    assert member.status == StaffMember.Status.LEFT
    with pytest.raises(DomainError, match="đã nghỉ việc"):
        services.staff_leave(actor=persona("demo.xa"), member=member, decision_number="10/QĐ-UBND",
                             decision_date=DECIDED, effective_date=DECIDED)
    assert quota(hoan_kiem, "health").gap == gap + 1


def test_changing_a_members_field_moves_the_counter(hoan_kiem, recruit, persona):
    member = recruit(hoan_kiem, field="other")
    services.staff_update(actor=persona("demo.xa"), member=member, field="it")
    assert (quota(hoan_kiem, "other").active_count, quota(hoan_kiem, "it").active_count) == (0, 1)


def test_transfer_outside_the_province_is_refused_and_nothing_moves(hoan_kiem, bat_xat, recruit, persona):
    member = recruit(hoan_kiem, field="land")
    with pytest.raises(DomainError, match="không thuộc tỉnh") as exc:
        services.staff_move(actor=persona("demo.tinh"), member=member, kind=PersonnelAction.Kind.TRANSFER,
                            to_commune=bat_xat, decision_number="20/QĐ-UBND", decision_date=DECIDED,
                            effective_date=DECIDED)
    assert exc.value.field == "to_commune"
    member.refresh_from_db()
    assert member.commune == hoan_kiem and member.actions.count() == 1
    assert not StaffingQuota.objects.filter(commune=bat_xat).exists()


def test_a_commune_may_not_transfer_and_another_province_may_not_touch(hoan_kiem, ba_dinh, recruit, persona):
    member = recruit(hoan_kiem, field="land")
    for username in ("demo.xa", "demo.tinh2", "demo.bo"):
        with pytest.raises(Forbidden):
            services.staff_move(actor=persona(username), member=member, kind=PersonnelAction.Kind.TRANSFER,
                                to_commune=ba_dinh, decision_number="21/QĐ-UBND", decision_date=DECIDED,
                                effective_date=DECIDED)
    with pytest.raises(Forbidden):
        recruit(ba_dinh, by="demo.xa")  # demo.xa works in Hoàn Kiếm, not Ba Đình
    with pytest.raises(Forbidden):
        recruit(hoan_kiem, by="demo.xa.xem")  # a viewer only reads


def test_a_resent_decision_is_refused_not_duplicated(hoan_kiem, ba_dinh, recruit, persona):
    recruit(hoan_kiem, field="it", full_name="Lê Văn Mạng", decision_number="7/QĐ-UBND")
    with pytest.raises(DomainError, match="đã được ghi nhận"):
        recruit(hoan_kiem, field="it", full_name="Lê Văn Mạng", decision_number="7/QĐ-UBND")
    assert StaffMember.objects.filter(full_name="Lê Văn Mạng").count() == 1
    member = StaffMember.objects.get(full_name="Lê Văn Mạng")
    args = dict(member=member, kind=PersonnelAction.Kind.TRANSFER, to_commune=ba_dinh, decision_number="8/QĐ",
                decision_date=DECIDED, effective_date=DECIDED)
    services.staff_move(actor=persona("demo.tinh"), **args)
    with pytest.raises(DomainError):
        services.staff_move(actor=persona("demo.tinh"), **{**args, "to_commune": hoan_kiem})
    assert quota(ba_dinh, "it").active_count == 1


def test_impossible_dates_are_refused(hoan_kiem, recruit):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="Ngày quyết định") as exc:
        recruit(hoan_kiem, decision_date=tomorrow, effective_date=tomorrow)
    assert exc.value.field == "decision_date"
    with pytest.raises(DomainError, match="Ngày hiệu lực"):
        recruit(hoan_kiem, decision_date=DECIDED, effective_date=DECIDED - timedelta(days=1))
    with pytest.raises(DomainError, match="Lĩnh vực"):
        recruit(hoan_kiem, field="astrology")
    assert not StaffMember.objects.filter(commune=hoan_kiem).exists()


def test_province_overrides_a_quota_with_a_reason_audited(hoan_kiem, persona):
    services.quotas_ensure(commune=hoan_kiem)
    row = quota(hoan_kiem, "it")
    services.quota_override(actor=persona("demo.tinh"), quota=quota(hoan_kiem, "other"), headcount=0,
                            reason="Chuyển chỉ tiêu sang CNTT")
    services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=row.headcount + 4,
                            reason="Chuyển đổi số cấp xã")
    row.refresh_from_db()
    assert (row.headcount, row.gap, row.is_override) == (row.default_headcount + 4, row.default_headcount + 4, True)
    event = AuditEvent.objects.filter(action="quota_override", object_id=str(row.pk)).get()
    assert event.changes["reason"] == ["", "Chuyển đổi số cấp xã"]
    services.quota_reset(actor=persona("demo.tinh"), quota=row)
    row.refresh_from_db()
    assert (row.headcount, row.is_override) == (row.default_headcount, False)


def test_quota_override_refusals(hoan_kiem, persona):
    services.quotas_ensure(commune=hoan_kiem)
    row = quota(hoan_kiem, "it")
    with pytest.raises(DomainError, match="nhỏ hơn 0"):
        services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=-1, reason="Lý do đủ dài")
    with pytest.raises(DomainError, match="lý do"):
        services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=3, reason="")
    with pytest.raises(DomainError, match="vượt mức tối đa 70"):
        services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=40, reason="Lý do đủ dài")
    for username in ("demo.xa", "demo.tinh2", "demo.bo"):
        with pytest.raises(Forbidden):
            services.quota_override(actor=persona(username), quota=row, headcount=3, reason="Lý do đủ dài")
    row.refresh_from_db()
    assert not row.is_override and row.headcount == row.default_headcount


def test_population_change_recomputes_defaults_but_keeps_overrides(hoan_kiem, persona):
    services.quotas_ensure(commune=hoan_kiem)
    services.quota_override(actor=persona("demo.tinh"), quota=quota(hoan_kiem, "it"), headcount=1,
                            reason="Đã có hợp đồng dịch vụ CNTT")
    hoan_kiem.population = 92_000
    hoan_kiem.save()
    services.quotas_recompute(actor=persona("demo.tinh"), commune=hoan_kiem)
    rows = StaffingQuota.objects.filter(commune=hoan_kiem)
    assert sum(r.default_headcount for r in rows) == 70
    assert quota(hoan_kiem, "it").headcount == 1


def test_org_units_follow_decree_150_by_commune_kind(hoan_kiem, bat_xat, persona):
    phuong = [u.name for u in services.org_units_ensure(commune=hoan_kiem)]
    xa = [u.name for u in services.org_units_ensure(commune=bat_xat)]
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in phuong and "Phòng Kinh tế" not in phuong
    assert "Phòng Kinh tế" in xa and "Phòng Kinh tế, Hạ tầng và Đô thị" not in xa
    assert phuong[0] == "Văn phòng HĐND và UBND" and "Trung tâm Phục vụ hành chính công" in phuong
    assert len(phuong) == 5


def test_commune_adds_units_only_within_the_province_limit(hoan_kiem, persona):
    xa = persona("demo.xa")
    services.org_unit_create(actor=xa, commune=hoan_kiem, name="Ban Chỉ huy Quân sự")
    with pytest.raises(DomainError, match="tối đa 6"):
        services.org_unit_create(actor=xa, commune=hoan_kiem, name="Tổ chuyển đổi số")
    services.org_settings_set(actor=persona("demo.tinh"), province=hoan_kiem.province, max_units_per_commune=7)
    services.org_unit_create(actor=xa, commune=hoan_kiem, name="Tổ chuyển đổi số")
    statutory = OrgUnit.objects.filter(commune=hoan_kiem, is_statutory=True).first()
    with pytest.raises(DomainError, match="bắt buộc"):
        services.org_unit_delete(actor=xa, unit=statutory)
    with pytest.raises(Forbidden):
        services.org_settings_set(actor=xa, province=hoan_kiem.province, max_units_per_commune=9)


def test_training_enrolment_capacity_and_completion(hoan_kiem, recruit, persona):
    tinh = persona("demo.tinh")
    course = services.course_create(actor=tinh, province=hoan_kiem.province, commune=None,
                                    title="Bồi dưỡng quản lý đất đai", field="land", organiser="Sở Nông nghiệp",
                                    starts_on=DECIDED, ends_on=DECIDED + timedelta(days=5), mode="online", capacity=1)
    first, second = recruit(hoan_kiem, field="land"), recruit(hoan_kiem, field="land")
    enrollment = services.enrollment_create(actor=persona("demo.xa"), course=course, member=first)
    with pytest.raises(DomainError, match="đủ 1 chỗ"):
        services.enrollment_create(actor=persona("demo.xa"), course=course, member=second)
    services.enrollment_set_status(actor=tinh, enrollment=enrollment, status=Enrollment.Status.COMPLETED,
                                   on=DECIDED + timedelta(days=5))
    with pytest.raises(InvalidTransition):
        services.enrollment_set_status(actor=tinh, enrollment=enrollment, status=Enrollment.Status.WITHDRAWN)
    with pytest.raises(DomainError, match="Ngày kết thúc"):
        services.course_create(actor=tinh, province=hoan_kiem.province, commune=None, title="Sai ngày",
                               field="it", organiser="Sở", starts_on=DECIDED, ends_on=DECIDED - timedelta(days=1),
                               mode="online", capacity=5)


BAC_NINH_BANDS = [(Decimal(20), Decimal(30), 3_000_000), (Decimal(30), Decimal(40), 3_700_000),
                  (Decimal(40), Decimal(50), 4_500_000), (Decimal(50), None, 5_200_000)]


def test_policy_computes_entitlements_at_band_edges_and_recomputes_on_change(hoan_kiem, bat_xat, recruit, persona):
    tinh = persona("demo.tinh")
    members = {km: recruit(hoan_kiem, commute_km=Decimal(km)) for km in ("19.9", "20", "29.9", "30", "50")}
    policy = services.policy_create(actor=tinh, province=hoan_kiem.province, name="Hỗ trợ đi lại 2025",
                                    valid_from=date(2025, 7, 1), valid_to=date(2027, 6, 30),
                                    mountain_reduction_km=Decimal(5), bands=BAC_NINH_BANDS)
    amounts = {km: StaffMember.objects.get(pk=m.pk).travel_allowance for km, m in members.items()}
    assert amounts == {"19.9": 0, "20": 3_000_000, "29.9": 3_000_000, "30": 3_700_000, "50": 5_200_000}
    services.policy_update(actor=tinh, policy=policy, name=policy.name, valid_from=policy.valid_from,
                           valid_to=policy.valid_to, mountain_reduction_km=Decimal(5),
                           bands=[(Decimal(15), Decimal(30), 1_800_000), (Decimal(30), None, 2_700_000)])
    assert StaffMember.objects.get(pk=members["19.9"].pk).travel_allowance == 1_800_000
    assert StaffMember.objects.get(pk=members["50"].pk).travel_allowance == 2_700_000


def test_mountain_commune_counts_distance_less(bat_xat, recruit, persona):
    lao_cai = persona("demo.tinh2")
    services.policy_create(actor=lao_cai, province=bat_xat.province, name="Hỗ trợ", valid_from=date(2025, 7, 1),
                           valid_to=None, mountain_reduction_km=Decimal(5), bands=BAC_NINH_BANDS)
    at_30 = recruit(bat_xat, by="demo.tinh2", commute_km=Decimal(30))
    at_25 = recruit(bat_xat, by="demo.tinh2", commute_km=Decimal("24.9"))
    assert (at_30.travel_allowance, at_25.travel_allowance) == (3_000_000, 0)


def test_policy_refusals_save_nothing(hoan_kiem, persona):
    tinh = persona("demo.tinh")
    base = dict(province=hoan_kiem.province, name="X", valid_from=date(2025, 7, 1), valid_to=None,
                mountain_reduction_km=Decimal(0))
    with pytest.raises(DomainError, match="chồng lấn"):
        services.policy_create(actor=tinh, bands=[(Decimal(20), Decimal(35), 1), (Decimal(30), None, 2)], **base)
    with pytest.raises(DomainError, match="lớn hơn"):
        services.policy_create(actor=tinh, bands=[(Decimal(30), Decimal(20), 1)], **base)
    with pytest.raises(DomainError, match="Ngày kết thúc"):
        services.policy_create(actor=tinh, bands=BAC_NINH_BANDS, **{**base, "valid_to": date(2025, 1, 1)})
    with pytest.raises(Forbidden):
        services.policy_create(actor=persona("demo.xa"), bands=BAC_NINH_BANDS, **base)
    from thongsuot.staffing.models import TravelAllowancePolicy
    assert not TravelAllowancePolicy.objects.exists()


def test_parse_bands_reads_the_written_form():
    assert services.parse_bands("20-30: 3.000.000\n50+: 5200000\n") == [
        (Decimal(20), Decimal(30), 3_000_000), (Decimal(50), None, 5_200_000)]
    with pytest.raises(DomainError, match="Dòng 2"):
        services.parse_bands("20-30: 3000000\nba mươi")



@pytest.mark.parametrize(("population", "mountainous", "total"), [
    (34_000, True, 50), (40_000, True, 50), (33_999, True, 49), (52_000, False, 50), (70_000, False, 50)])
def test_a_real_xa_gets_the_rule_spread_over_its_fields(bat_xat, population, mountainous, total):
    bat_xat.population, bat_xat.is_mountainous = population, mountainous
    bat_xat.save()
    services.quotas_ensure(commune=bat_xat)
    assert sum(StaffingQuota.objects.filter(commune=bat_xat).values_list("headcount", flat=True)) == total


@pytest.mark.parametrize(("population", "total"), [(92_000, 70), (150_000, 70), (90_000, 69)])
def test_a_real_phuong_is_capped_at_seventy(hoan_kiem, population, total):
    hoan_kiem.population = population
    hoan_kiem.save()
    services.quotas_ensure(commune=hoan_kiem)
    assert sum(StaffingQuota.objects.filter(commune=hoan_kiem).values_list("headcount", flat=True)) == total


def test_a_sector_ministry_sees_only_its_fields_and_home_affairs_sees_all(hoan_kiem, persona):
    from thongsuot.accounts.models import Agency, Membership, Role, User
    from thongsuot.staffing import selectors

    services.quotas_ensure(commune=hoan_kiem)
    health = User.objects.create(username="bo.yte", full_name="Cán bộ Bộ Y tế")
    Membership.objects.create(user=health, agency=Agency.objects.get(code="BYT"), role=Role.OFFICER)
    assert set(selectors.quota_list(user=health).values_list("field", flat=True)) == {"health"}
    assert selectors.quota_list(user=persona("demo.bo")).filter(commune=hoan_kiem).count() == 11


def test_a_province_sets_its_own_frame_and_every_commune_is_recomputed(hoan_kiem, ba_dinh, bat_xat, persona):
    services.quotas_ensure(commune=hoan_kiem)
    services.quota_override(actor=persona("demo.tinh"), quota=quota(hoan_kiem, "it"), headcount=3,
                            reason="Chuyển đổi số")
    services.quota_rule_set(actor=persona("demo.tinh"), province=hoan_kiem.province, base=30, threshold=10_000,
                            step_mountain=1_000, step_lowland=1_500, cap_xa=45, cap_urban=60,
                            reason="Nghị quyết HĐND thành phố")
    rows = StaffingQuota.objects.filter(commune=hoan_kiem)
    # 30 + (23,675 − 10,000) // 1,500 = 39; the overridden IT row keeps 3.
    assert sum(r.default_headcount for r in rows) == 39
    assert quota(hoan_kiem, "it").headcount == 3
    services.quotas_ensure(commune=ba_dinh)  # new rows follow the province's frame: 30 + 24,376 // 1,500 = 46
    assert sum(StaffingQuota.objects.filter(commune=ba_dinh).values_list("headcount", flat=True)) == 46
    services.quotas_ensure(commune=bat_xat)  # Lào Cai keeps the national frame
    assert sum(StaffingQuota.objects.filter(commune=bat_xat).values_list("headcount", flat=True)) == 32
    with pytest.raises(Forbidden):
        services.quota_rule_set(actor=persona("demo.tinh2"), province=hoan_kiem.province, reason="Không được")
    with pytest.raises(DomainError, match="100 trở lên"):
        services.quota_rule_set(actor=persona("demo.tinh"), province=hoan_kiem.province, step_lowland=0,
                                reason="Sai số liệu")


def test_phu_quoc_special_zone_has_the_urban_economic_office_and_con_dao_the_plain_one(db):
    phu_quoc, con_dao = Commune.objects.get(code="31078"), Commune.objects.get(code="26732")
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in [u.name for u in services.org_units_ensure(commune=phu_quoc)]
    assert "Phòng Kinh tế" in [u.name for u in services.org_units_ensure(commune=con_dao)]
