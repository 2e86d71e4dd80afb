"""The staff import writes in batches (bulk queries, counters recounted once per commune, one audit
event): what it leaves must be what the services one row at a time leave."""

import pytest
from django.db import transaction

from tests.imports.helpers import check, counts, run
from tests.staffing.test_import import SLUG, row, workbook
from thongsuot.audit.models import AuditEvent
from thongsuot.core.importing import plan as plan_module
from thongsuot.staffing.exports import MEMBERS
from thongsuot.staffing.models import PersonnelAction, StaffingQuota, StaffMember
from thongsuot.staffing.services.imports import MemberImport

FIELDS = ("Công nghệ thông tin", "Tư pháp - Hộ tịch", "Văn hóa - Xã hội")
COMMUNES = ("00070", "00004", "Phường Ba Đình", "00073")


def first_file():
    return workbook([row(f"Trần Văn Lô {n}", commune=COMMUNES[n % 4], field=FIELDS[n % 3], birth=1970 + n)
                     for n in range(24)])


def second_file():
    """The same people: some move field (a quota counter moves), some commute further, two are new."""
    rows = [row(f"Trần Văn Lô {n}", commune=COMMUNES[n % 4], field=FIELDS[(n + (n % 2)) % 3], birth=1970 + n)
            for n in range(24)]
    for values in rows[::5]:
        values[MEMBERS.keys.index("commute_km")] = "27,5"
    rows += [row(f"Phạm Thị Mới {n}", commune=COMMUNES[n], birth=1990) for n in range(2)]
    return workbook(rows)


def state():
    members = sorted(StaffMember.objects.filter(full_name__regex="(Lô|Mới)").values_list(
        "full_name", "birth_year", "commune__code", "field", "commute_km", "travel_allowance", "search_key",
        "status", "joined_on", "version", "category", "position"))
    decisions = sorted(PersonnelAction.objects.filter(member__full_name__regex="(Lô|Mới)").values_list(
        "member__full_name", "kind", "decision_number", "commune__code", "to_commune__code", "to_field",
        "decision_date", "effective_date"))
    quotas = sorted(StaffingQuota.objects.filter(province__code="01").values_list(
        "commune__code", "field", "headcount", "active_count", "gap", "is_override"))
    return members, decisions, quotas


def import_both(actor, files):
    first = run(actor, SLUG, files[0])
    second = run(actor, SLUG, files[1])
    return counts(first), counts(second), state()


@pytest.mark.django_db(transaction=False)
def test_batched_import_leaves_what_the_services_row_by_row_leave(persona, monkeypatch):
    actor = persona("demo.tinh")
    monkeypatch.setattr(plan_module, "BATCH_SIZE", 7)            # several batches and a short last one
    files = first_file(), second_file()   # once: the decision number names the file's hash
    saved = transaction.savepoint()
    with monkeypatch.context() as row_by_row:
        row_by_row.setattr(MemberImport, "apply_rows", None)
        row_by_row.setattr(MemberImport, "finish_import", None)
        one_by_one = import_both(actor, files)
    transaction.savepoint_rollback(saved)
    assert not StaffMember.objects.filter(full_name__contains="Lô").exists()
    batched = import_both(actor, files)
    assert one_by_one[0] == batched[0] == {"created": 24, "updated": 0, "unchanged": 0, "error": 0}
    assert one_by_one[1] == batched[1] == {"created": 2, "updated": 15, "unchanged": 9, "error": 0}
    assert batched[2] == one_by_one[2]
    members, _decisions, quotas = batched[2]
    assert {q[0] for q in quotas} >= {"00070", "00004", "00073"}


@pytest.mark.django_db
def test_an_import_writes_one_audit_event_not_one_per_row(persona):
    before = AuditEvent.objects.count()
    done = run(persona("demo.tinh"), SLUG, first_file())
    assert done.created == 24
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "import"
    again = check(persona("demo.tinh"), SLUG, first_file())
    assert again["counts"]["unchanged"] == 24 and len(again["rows"]) == 24 and again["rows"][23]["action"] == "unchanged"
