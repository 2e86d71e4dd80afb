"""Org units, quota overrides and enrolments imported through the one flow: errors naming row, column and
reason, scope, re-import unchanged, and the export → edit → import round trip."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.imports.helpers import check, counts, errors, run, workbook
from thongsuot.staffing import services
from thongsuot.staffing.exports import ENROLLMENTS, ORG_UNITS, QUOTA_OVERRIDES
from thongsuot.staffing.models import Enrollment, OrgUnit, StaffingQuota


def exported(client, user, slug, spec) -> tuple[list, list[list]]:
    client.force_login(user)
    response = client.get(f"/nhap-excel/{slug}/xuat.xlsx")
    assert response.status_code == 200
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    start = next(n for n, r in enumerate(rows) if r and r[0] == str(spec.columns[0].header))
    body = [r[:len(spec.columns)] for r in rows[start + 1:] if any(c is not None for c in r)]
    return rows[start][:len(spec.columns)], body


@pytest.mark.django_db
def test_org_units_round_trip_scope_and_kind_refused(client, persona, hoan_kiem, ba_dinh):
    services.org_units_ensure(commune=hoan_kiem)
    services.org_units_ensure(commune=ba_dinh)
    xa = persona("demo.xa")
    header, body = exported(client, xa, "don-vi-to-chuc", ORG_UNITS)
    assert body and all(row[0] == "Phường Hoàn Kiếm" for row in body)
    assert check(xa, "don-vi-to-chuc", workbook(header, body))["counts"]["unchanged"] == len(body)
    kind_at = ORG_UNITS.keys.index("kind")
    changed_kind = list(body[0])
    changed_kind[kind_at] = str(OrgUnit.Kind.OTHER.label)
    rows = [*body[1:], ["Phường Hoàn Kiếm", "Tổ Chuyển đổi số", "Đơn vị khác", None],
            ["Phường Ba Đình", "Tổ Ngoài", "Đơn vị khác", None], changed_kind]
    plan = check(xa, "don-vi-to-chuc", workbook(header, rows))
    assert plan["counts"] == {"created": 1, "updated": 0, "unchanged": len(body) - 1, "error": 2}
    found = errors(plan)
    assert found[0][:3] == (len(body) + 2, "Xã, phường, đặc khu", "A") and "ngoài địa bàn" in found[0][3]
    assert found[1][:3] == (len(body) + 3, "Loại đơn vị", "C") and "không sửa qua nhập tệp" in found[1][3]
    done = run(xa, "don-vi-to-chuc", workbook(header, rows[:-2]))
    assert counts(done)["created"] == 1
    assert OrgUnit.objects.filter(commune=hoan_kiem, name="Tổ Chuyển đổi số").exists()
    assert check(xa, "don-vi-to-chuc", workbook(header, rows[:-2]))["counts"]["created"] == 0


@pytest.mark.django_db
def test_quota_overrides_round_trip_need_a_reason(client, persona, hoan_kiem, bat_xat):
    services.quotas_ensure(commune=hoan_kiem)
    tinh = persona("demo.tinh")
    header, body = exported(client, tinh, "dinh-bien", QUOTA_OVERRIDES)
    assert check(tinh, "dinh-bien", workbook(header, body))["counts"]["unchanged"] == len(body)
    at = QUOTA_OVERRIDES.keys.index
    it_row = next(row for row in body if row[at("field")] == "Công nghệ thông tin")
    it_row[at("headcount")] = int(it_row[at("headcount")]) + 1
    plan = check(tinh, "dinh-bien", workbook(header, body))
    assert plan["counts"]["error"] == 1
    [(row, column, letter, reason)] = errors(plan)
    assert (column, letter) == ("Lý do điều chỉnh", "E") and "lý do" in reason
    it_row[at("override_reason")] = "Quyết định 5/QĐ-UBND"
    outside = ["Xã Bát Xát", "Công nghệ thông tin", None, 3, "Quyết định 5/QĐ-UBND"]
    plan = check(tinh, "dinh-bien", workbook(header, [*body, outside]))
    assert plan["counts"]["updated"] == 1 and "Lào Cai" in errors(plan)[0][3]
    done = run(tinh, "dinh-bien", workbook(header, body))
    assert counts(done) == {"created": 0, "updated": 1, "unchanged": len(body) - 1, "error": 0}
    quota = StaffingQuota.objects.get(commune=hoan_kiem, field="it")
    assert quota.is_override and quota.headcount == it_row[at("headcount")]
    assert check(tinh, "dinh-bien", workbook(header, body))["counts"]["unchanged"] == len(body)


@pytest.mark.django_db
def test_enrolments_import_enrol_complete_and_refuse(client, persona, hoan_kiem, recruit):
    tinh = persona("demo.tinh")
    course = services.course_create(actor=tinh, province=hoan_kiem.province, commune=None, title="Chuyển đổi số",
                                    field="it", organiser="Sở Nội vụ", starts_on=date(2025, 9, 1),
                                    ends_on=date(2025, 9, 5), mode="online", capacity=10)
    first, second = recruit(hoan_kiem), recruit(hoan_kiem)
    header = [c.header for c in ENROLLMENTS.columns]
    rows = [[course.pk, None, first.full_name, 1990, "00070", "Đã đăng ký", None],
            [course.pk, None, second.full_name, 1990, "00070", "Đã hoàn thành", "05/09/2025"],
            [course.pk, None, "Người Không Có", 1990, "00070", None, None],
            [999999, None, first.full_name, 1990, "00070", None, None]]
    plan = check(tinh, "hoc-vien", workbook(header, rows))
    assert plan["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "error": 2}
    found = errors(plan)
    assert found[0][:3] == (4, "Họ và tên", "C") and "Người Không Có" in found[0][3]
    assert found[1][:3] == (5, "Mã khóa", "A") and "999999" in found[1][3]
    run(tinh, "hoc-vien", workbook(header, rows[:2]))
    assert Enrollment.objects.get(member=second).status == "completed"
    header, body = exported(client, tinh, "hoc-vien", ENROLLMENTS)
    assert check(tinh, "hoc-vien", workbook(header, body))["counts"] == {
        "created": 0, "updated": 0, "unchanged": 2, "error": 0}
    at = ENROLLMENTS.keys.index
    body[0][at("status")], body[0][at("completed_on")] = "Đã hoàn thành", "05/09/2025"   # enrolled → completed
    plan = check(tinh, "hoc-vien", workbook(header, body))
    assert plan["counts"] == {"created": 0, "updated": 1, "unchanged": 1, "error": 0}
    run(tinh, "hoc-vien", workbook(header, body))
    assert Enrollment.objects.get(member=first).completed_on == date(2025, 9, 5)
    body[1][at("status")] = "Đã đăng ký"                                                # completed → enrolled: refused
    assert "không thể chuyển" in errors(check(tinh, "hoc-vien", workbook(header, body)))[0][3]
