"""Tell whether a restored platform is the one that was saved, and whether this code can run it.

The checks are those an operator would run by hand — `audit-verify` and `dossier-stats --verify`,
through the same functions — plus the row counts and the audit head written in the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.migrations.loader import MigrationLoader

from thongsuot.audit.services import audit_verify, audit_verify_summary
from thongsuot.ops.backup import number
from thongsuot.ops.backup.database import current_facts
from thongsuot.procedures.stats import stats_verify


@dataclass
class Check:
    ok: bool
    text: str


def _code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unknown_migrations(manifest: dict) -> list[str]:
    """Return the saved migrations this code does not have (the archive comes from a newer version)."""
    known = _code_migrations()
    return [f"{app}.{name}" for app, names in sorted((manifest.get("migrations") or {}).items())
            for name in names if (app, name) not in known]


def pending_migrations(manifest: dict) -> list[str]:
    """Return the code's migrations the archive had not applied (it comes from an older version)."""
    saved = {(app, name) for app, names in (manifest.get("migrations") or {}).items() for name in names}
    return sorted(f"{app}.{name}" for app, name in _code_migrations() - saved)


def run_checks(manifest: dict) -> list[Check]:
    """Check the restored database against the audit chain, the dossier figures and the manifest."""
    checks = []
    # Without the latest checkpoint: a restored archive is older than the checkpoints taken since.
    verdict = audit_verify()
    checks.append(Check(verdict.ok, audit_verify_summary(verdict)))

    facts = current_facts()
    saved_head, head = manifest.get("audit_head") or {}, facts["audit_head"]
    same_heads = (saved_head.get("chains") == head.get("chains") if "chains" in saved_head
                  else saved_head.get("last_hash") == head.get("last_hash"))
    if same_heads:
        checks.append(Check(True, f"Đỉnh chuỗi nhật ký khớp bản kê (sự kiện #{head.get('last_event_id') or 0})."))
    else:
        checks.append(Check(False, f"Đỉnh chuỗi nhật ký khác bản kê: sự kiện #{head.get('last_event_id')} thay vì "
                                   f"#{saved_head.get('last_event_id')}."))

    differences = stats_verify()
    if differences:
        checks.append(Check(False, f"Bảng số liệu hồ sơ lệch ở {len(differences)} dòng so với hồ sơ "
                                   f"(xem `thongsuot dossier-stats --verify`)."))
    else:
        checks.append(Check(True, "Bảng số liệu hồ sơ khớp với hồ sơ."))

    saved_counts, counts = manifest.get("row_counts") or {}, facts["row_counts"]
    differing = [f"{table}: {counts.get(table, 'không có bảng')} ≠ {rows}"
                 for table, rows in sorted(saved_counts.items()) if counts.get(table) != rows]
    if differing:
        shown = "; ".join(differing[:10]) + ("; …" if len(differing) > 10 else "")
        checks.append(Check(False, f"Số dòng lệch bản kê ở {len(differing)} bảng (khôi phục ≠ bản kê): {shown}."))
    else:
        checks.append(Check(True, f"Số dòng khớp bản kê ở cả {len(saved_counts)} bảng "
                                  f"({number(sum(saved_counts.values()))} dòng)."))
    return checks
