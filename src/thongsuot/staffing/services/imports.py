"""Staff members imported from a spreadsheet: the registry that `core.importing.plan` drives.

A row is found by its natural key — name (case and diacritics ignored), birth year and workplace —
among the members of the importer's territory. A new row is a recruitment (`staff_recruit`, its
decision number naming the file), a changed row a correction (`staff_update`): the services' checks,
counters and audit events stay. A change of category, status or start date is a personnel decision
and is refused with that reason instead of being written behind the decision log.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of, visible_communes
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.importing.plan import (
    CREATED,
    ERROR,
    UPDATED,
    ImportPlan,
    RowOutcome,
    RowRefused,
    apply_plan,
    file_sha256,
    plan_import,
)
from thongsuot.core.importing.reading import CellError
from thongsuot.core.importing.workbooks import template_bytes
from thongsuot.core.text import fold
from thongsuot.core.uploads import private_storage, validate_upload
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.matching import AMBIGUOUS, OUTSIDE
from thongsuot.geo.selectors import unit_index
from thongsuot.staffing.exports import MEMBERS
from thongsuot.staffing.models import StaffMember
from thongsuot.staffing.permissions import may_import_members, may_recruit
from thongsuot.staffing.services._common import _require
from thongsuot.staffing.services.members import staff_recruit, staff_recruit_many, staff_update

#: The fields a row may correct on an existing member (a subset of `members.EDITABLE`).
UPDATABLE = ("gender", "position", "qualification", "commute_km", "field")
#: Where uploads wait between the dry run and the confirmation (private storage).
UPLOAD_FOLDER = "imports/staffing"
#: Computed columns a template leaves out (the import ignores them).
TEMPLATE_SKIP = ("org_unit", "travel_allowance")
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TOKEN = re.compile(r"[0-9a-f]{64}\.(xlsx|xlsm|xls|ods|csv|bin)")


class MemberImport:
    """The staff-members registry for one importer."""

    spec = MEMBERS

    def __init__(self, actor):
        self.actor = actor
        self.scope = scope_of(actor)
        self.index = unit_index()
        self.province = (self.index.provinces.get(self.scope.agency.province.code)
                         if self.scope is not None and self.scope.province_id else None)
        members = StaffMember.objects.all()
        if self.scope is None or not self.scope.province_id:
            members = members.none() if self.scope is None or not self.scope.is_central else members
        else:
            members = members.filter(province_id=self.scope.province_id)
            if self.scope.commune_id:
                members = members.filter(commune_id=self.scope.commune_id)
        # Only what the key, `changes` and `staff_update` (which reads the member again) need.
        members = members.only("id", "full_name", "birth_year", "commune_id", "province_id", "category", "status",
                               "joined_on", "version", *UPDATABLE)
        self.members = {(fold(m.full_name), m.birth_year, m.commune_id): m for m in members.iterator(chunk_size=5000)}
        self.today = timezone.localdate()
        #: Whether the importer may recruit in a commune, asked once per commune.
        self.allowed: dict[int, bool] = {}

    def resolve(self, values) -> None:
        text = values["commune"]
        found = self.index.commune(text, self.province)
        if found.status == OUTSIDE:
            province = found.unit.province.name if found.unit is not None else _("tỉnh khác")
            raise RowRefused("commune", _("“%(text)s” thuộc %(province)s, ngoài địa bàn của bạn.")
                             % {"text": text, "province": province})
        if found.status == AMBIGUOUS:
            names = ", ".join(f"{c.name} ({c.code})" for c in found.candidates[:5])
            raise RowRefused("commune", _("“%(text)s” có thể là: %(names)s; hãy ghi mã xã.")
                             % {"text": text, "names": names})
        if not found.ok:
            raise RowRefused("commune", _("không tìm thấy xã, phường “%(text)s”.") % {"text": text})
        allowed = self.allowed.get(found.unit.pk)
        if allowed is None:
            allowed = self.allowed[found.unit.pk] = may_recruit(self.actor, province_id=found.unit.province_id,
                                                                commune_id=found.unit.pk)
        if not allowed:
            raise RowRefused("commune", _("“%(name)s” ngoài địa bàn của bạn.") % {"name": found.unit.name})
        values["commune"] = found.unit

    def key(self, values) -> tuple:
        return fold(values["full_name"]), values["birth_year"], values["commune"].pk

    def existing(self, key) -> StaffMember | None:
        return self.members.get(key)

    def changes(self, member: StaffMember | None, values) -> dict:
        joined_on, status = values.get("joined_on"), values.get("status")
        if joined_on is not None and joined_on > self.today:
            raise RowRefused("joined_on", _("ngày bắt đầu sau hôm nay."))
        if member is None:
            if joined_on is None:
                raise RowRefused("joined_on", _("bắt buộc khi thêm người mới."))
            if status == StaffMember.Status.LEFT:
                raise RowRefused("status", _("chỉ nhập được người đang làm việc; người đã nghỉ ghi bằng quyết định "
                                             "thôi việc."))
            return {key: values.get(key) for key in (*UPDATABLE, "category", "joined_on")}
        if values["category"] != member.category:
            raise RowRefused("category", _("đổi loại cán bộ cần quyết định nhân sự, không sửa qua nhập tệp."))
        if status is not None and status != member.status:
            raise RowRefused("status", _("đổi trạng thái cần quyết định thôi việc, không sửa qua nhập tệp."))
        if joined_on is not None and joined_on != member.joined_on:
            raise RowRefused("joined_on", _("ngày bắt đầu của người đã có không sửa qua nhập tệp (đang là "
                                            "%(date)s).") % {"date": member.joined_on.strftime("%d/%m/%Y")})
        changes = {}
        for key in UPDATABLE:
            value = values.get(key)
            if value is None:
                continue  # an empty optional cell leaves the field as it is
            if value != getattr(member, key):
                changes[key] = value
        return changes

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        if row.record is not None:
            staff_update(actor=self.actor, member=row.record, version=row.record.version, **row.changes)
            return
        staff_recruit(actor=self.actor, **self.hire(row, source))

    def hire(self, row: RowOutcome, source: ImportPlan) -> dict:
        """The recruitment a new row asks for (the arguments of `staff_recruit`); its decision names the file."""
        values = row.values
        commune = values["commune"]
        return dict(province=commune.province, commune=commune, full_name=values["full_name"],
                    gender=values["gender"], birth_year=values["birth_year"], category=values["category"],
                    position=values["position"], field=values["field"],
                    qualification=values.get("qualification") or "", commute_km=values.get("commute_km") or 0,
                    decision_number=_("Nhập từ tệp %(hash)s") % {"hash": source.sha256[:12]},
                    decision_date=values["joined_on"], effective_date=values["joined_on"])


def require_import(actor) -> None:
    """Refuse (403, with the reason) whoever may not import staff members."""
    _require(may_import_members(actor), _("Chỉ người được tuyển dụng, sửa thông tin cán bộ mới được nhập tệp."))


#: The largest CSV accepted (Office files are bounded by `core.uploads.validate_upload`).
CSV_MAX_BYTES = 50 * 1024 * 1024


def check_import_upload(upload) -> None:
    """Refuse an upload that cannot be an import file: Office files through the platform's upload
    checks (type, size, ZIP bombs), CSV by size. A `DomainError` on the field `file`."""
    if (upload.name or "").lower().endswith(".csv"):
        if upload.size > CSV_MAX_BYTES:
            raise DomainError(_("Tệp CSV lớn hơn 50 MB."), field="file")
        return
    try:
        validate_upload(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="file") from None


def _registry(actor) -> MemberImport:
    require_import(actor)
    return MemberImport(actor)


def members_import_plan(*, actor, path: str, filename: str = "") -> ImportPlan:
    """Dry run: say per row what importing the file would do. Writes nothing."""
    return plan_import(path, _registry(actor), filename=filename)


@transaction.atomic
def members_import(*, actor, path: str, filename: str = "", only_valid: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> dict:
    """Import the file: all rows or none (or only the valid rows when asked), through the staffing
    services, with one audit event for the whole import (the file's SHA-256, name and counts)."""
    registry = _registry(actor)
    plan = plan_import(path, registry, filename=filename)
    counts = _apply(plan, registry, only_valid=only_valid, progress=progress)
    audit_record(actor=actor, action="import", object_type="staffing.staffmember", object_id=plan.sha256[:16],
                 object_repr=_("Nhập cán bộ từ tệp “%(name)s”") % {"name": filename or os.path.basename(path)},
                 changes={"sha256": plan.sha256, "filename": filename, "only_valid": only_valid, **counts})
    return counts


def _apply(plan: ImportPlan, registry: MemberImport, *, only_valid: bool,
           progress: Callable[[int, int], None] | None) -> dict:
    """Write the plan as `apply_plan` does — the same refusals, all or nothing unless `only_valid` —
    with the new people taken on in batches (`staff_recruit_many`), not one transaction each."""
    new = [row for row in plan.rows if row.action == CREATED]
    rest = replace(plan, rows=[row for row in plan.rows if row.action != CREATED])
    total = sum(row.action == UPDATED for row in rest.rows) + len(new)

    def each(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    counts = apply_plan(rest, registry, only_valid=only_valid, progress=each)
    counts[CREATED] = 0

    def refused(row: RowOutcome, error: DomainError) -> None:
        if not only_valid:
            raise DomainError(_("Dòng %(row)d: %(reason)s Chưa nhập dòng nào.")
                              % {"row": row.number, "reason": error.message}) from None
        row.action = ERROR
        row.errors.append(CellError(row.number, "", "", error.message))
        counts[ERROR] += 1

    done = counts[UPDATED]
    counts[CREATED] = staff_recruit_many(
        actor=registry.actor, hires=((row, registry.hire(row, plan)) for row in new), refused=refused,
        progress=lambda taken: each(done + taken, 0))
    return counts


def import_upload_store(*, actor, upload) -> str:
    """Keep an uploaded file for the confirmation, under the uploader's own folder; return its token
    (the file's SHA-256 and extension), by which `import_upload_path` finds it again."""
    require_import(actor)
    suffix = PurePath(upload.name or "").suffix.lower()
    suffix = suffix if suffix in UPLOAD_SUFFIXES else ".bin"
    token = f"{file_sha256(upload)}{suffix}"
    storage = private_storage()
    name = f"{UPLOAD_FOLDER}/{actor.pk}/{token}"
    if not storage.exists(name):
        upload.seek(0)
        storage.save(name, upload)
    return token


def import_upload_path(*, actor, token: str) -> str | None:
    """Return the stored file of this user's token, or None (another user's token finds nothing)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    storage = private_storage()
    name = f"{UPLOAD_FOLDER}/{actor.pk}/{token}"
    return storage.path(name) if storage.exists(name) else None


def members_import_template(*, actor) -> bytes:
    """Return the staff template for this importer: drop-downs for the closed lists and the communes
    of their territory, an example row, and the instructions in Vietnamese."""
    require_import(actor)
    communes = [c.name for c in visible_communes(actor).order_by("name")[:2000]]
    example = {"full_name": "Nguyễn Văn An", "gender": str(StaffMember.Gender.MALE.label), "birth_year": 1990,
               "category": str(StaffMember.Category.CONG_CHUC.label), "position": _("Chuyên viên"),
               "field": str(StaffField.choices[0][1]), "qualification": _("Đại học"),
               "commune": communes[0] if communes else "", "commute_km": 3.5,
               "status": str(StaffMember.Status.ACTIVE.label), "joined_on": "01/08/2025"}
    columns = [c for c in MEMBERS.columns if c.key not in TEMPLATE_SKIP]
    natural = ", ".join(f"“{c.header}”" for c in MEMBERS.columns if c.natural_key)
    instructions = [
        _("Hướng dẫn nhập danh sách cán bộ, công chức"),
        _("1. Điền mỗi người một dòng ở trang “%(sheet)s”, bắt đầu từ dòng 2; xoá dòng ví dụ trước khi tải lên.")
        % {"sheet": str(MEMBERS.title)[:31]},
        _("2. Các cột có dấu (*) là bắt buộc. Cột có danh sách thả xuống chỉ nhận giá trị trong danh sách."),
        _("3. Một người được nhận ra theo %(columns)s: dòng trùng người đã có sẽ cập nhật người đó; dòng mới "
          "sẽ được ghi là tuyển dụng với ngày bắt đầu làm ngày quyết định.") % {"columns": natural},
        _("4. Ngày ghi dd/mm/yyyy (ví dụ 01/08/2025) hoặc dùng ô kiểu ngày của Excel; số thập phân dùng dấu phẩy "
          "(3,5)."),
        _("5. “Nơi làm việc” ghi tên hoặc mã xã, phường thuộc địa bàn của bạn; dòng của địa bàn khác bị báo lỗi."),
        _("6. Đổi loại cán bộ, trạng thái hoặc ngày bắt đầu của người đã có cần quyết định nhân sự, không sửa "
          "qua nhập tệp."),
        _("7. Sau khi tải lên, hệ thống kiểm tra thử và báo từng dòng: thêm mới, cập nhật, không đổi hoặc lỗi "
          "(dòng, cột, lý do). Chưa có gì được ghi cho tới khi bạn xác nhận."),
        _("8. Tệp có lỗi có thể tải về kèm cột “Lỗi” và các ô sai được tô màu, sửa rồi tải lên lại."),
        _("9. Tệp phải gõ bằng Unicode; văn bản bảng mã TCVN3 hoặc VNI bị từ chối."),
    ]
    return template_bytes(MEMBERS, example=[example.get(c.key) for c in columns], skip=TEMPLATE_SKIP,
                          instructions=instructions, choices={
                              "gender": [str(label) for _v, label in StaffMember.Gender.choices],
                              "category": [str(label) for _v, label in StaffMember.Category.choices],
                              "field": [str(label) for _v, label in StaffField.choices],
                              "status": [str(label) for _v, label in StaffMember.Status.choices],
                              "commune": communes})
