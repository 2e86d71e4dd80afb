"""The import of a facilities registry end to end: which registries, who may, the template, the dry
run, the import with its one audit event, and the uploads kept between the dry run and the job.

The registries are in `services.imports`; the mechanism is `core.importing.plan` (decision record
"One import plan"). The upload handling mirrors staffing's and is meant to move to `core.importing`
once the generic import flow lands there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.accounts.permissions import visible_communes
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.importing.plan import ImportPlan, apply_plan, file_sha256, plan_import
from thongsuot.core.importing.workbooks import template_bytes
from thongsuot.core.uploads import private_storage, validate_upload
from thongsuot.facilities import permissions
from thongsuot.facilities.choices import (
    Condition,
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    MobileCoverage,
    PlanMethod,
    PlanState,
    PlatformSystem,
)
from thongsuot.facilities.services.imports import (
    ConnectivityImport,
    EquipmentImport,
    FacilityImport,
    PlanImport,
    PlatformImport,
)

UPLOAD_FOLDER = "imports/facilities"
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TOKEN = re.compile(r"[0-9a-f]{64}\.(xlsx|xlsm|xls|ods|csv|bin)")
#: The largest CSV accepted (Office files are bounded by `core.uploads.validate_upload`).
CSV_MAX_BYTES = 50 * 1024 * 1024
YES, NO = gettext_lazy("Có"), gettext_lazy("Không")


def _labels(choices) -> list[str]:
    return [str(label) for _value, label in choices.choices]


@dataclass(frozen=True)
class ImportKind:
    """One importable registry: its URL word, its registry class, the list it belongs to and its template."""

    slug: str
    registry: type
    title: object
    list_url: str
    #: Columns a template leaves out (computed figures; the import ignores them).
    skip: tuple[str, ...]
    example: dict
    #: Column key → the closed list's labels (the communes are added per importer).
    choices: dict
    #: What the instructions say about this registry's rows, after the common lines.
    notes: tuple


KINDS: dict[str, ImportKind] = {kind.slug: kind for kind in (
    ImportKind("tru-so", FacilityImport, gettext_lazy("cơ sở nhà, đất"), "facilities:facilities",
               ("province.name", "plan_method", "plan_state", "plan_deadline"),
               {"name": "Trụ sở UBND xã cũ", "kind": FacilityKind.HEADQUARTERS.label, "address": "Thôn 1",
                "land_area_m2": "1.250,5", "floor_area_m2": 640, "year_built": 2001,
                "condition": Condition.FAIR.label, "current_use": "Bỏ trống", "status": FacilityStatus.SURPLUS.label},
               {"kind": _labels(FacilityKind), "condition": _labels(Condition), "status": _labels(FacilityStatus)},
               (gettext_lazy("Một cơ sở được nhận ra theo xã và “Tên cơ sở” (không phân biệt hoa thường, dấu): dòng "
                             "trùng cơ sở đã có sẽ cập nhật cơ sở đó."),
                gettext_lazy("“Đơn vị cũ” ghi tên xã, phường cũ đã sáp nhập vào xã; để trống nếu không có."))),
    ImportKind("phuong-an", PlanImport, gettext_lazy("phương án xử lý nhà, đất dôi dư"), "facilities:plans",
               ("province.name",),
               {"facility.name": "Trụ sở UBND xã cũ", "method": PlanMethod.TO_EDUCATION.label,
                "state": PlanState.PROPOSED.label, "deadline": "31/12/2026"},
               {"method": _labels(PlanMethod), "state": _labels(PlanState)},
               (gettext_lazy("Một phương án được nhận ra theo xã và “Cơ sở” (tên cơ sở đã có): dòng mới là một đề "
                             "xuất; đề xuất đã có được sửa phương án, hạn và lý do."),
                gettext_lazy("Phê duyệt, hoàn thành, hủy phương án và số, ngày quyết định ghi trên trang của phương "
                             "án, không qua nhập tệp."),
                gettext_lazy("Bán đấu giá, cho thuê, thanh lý phải ghi lý do không bố trí cho mục đích công cộng ưu "
                             "tiên."))),
    ImportKind("thiet-bi", EquipmentImport, gettext_lazy("nhu cầu thiết bị"), "facilities:equipment",
               ("province.name", "gap"),
               {"category": EquipmentCategory.COMPUTERS.label, "required": 25, "available": 18, "note": ""},
               {"category": _labels(EquipmentCategory)},
               (gettext_lazy("Mỗi xã một dòng cho mỗi loại thiết bị (xã và “Loại thiết bị” không được trùng); dòng "
                             "đã có sẽ được cập nhật số cần có, hiện có."),)),
    ImportKind("ket-noi", ConnectivityImport, gettext_lazy("kết nối của xã"), "facilities:connectivity",
               ("province.name",),
               {"broadband_mbps": "150,5", "mobile_coverage": MobileCoverage.G4.label,
                "government_network": YES, "video_conference_ready": YES},
               {"mobile_coverage": _labels(MobileCoverage), "government_network": [YES, NO],
                "video_conference_ready": [YES, NO]},
               (gettext_lazy("Mỗi xã một dòng; dòng của xã đã có số liệu sẽ cập nhật số liệu đó."),)),
    ImportKind("nen-tang", PlatformImport, gettext_lazy("nền tảng số của xã"), "facilities:platforms",
               ("province.name",),
               {"system": PlatformSystem.ONE_STOP.label, "name": "", "connected_to_province": YES},
               {"system": _labels(PlatformSystem), "connected_to_province": [YES, NO]},
               (gettext_lazy("Một hệ thống được nhận ra theo xã, “Hệ thống” và “Tên”; “Hệ thống khác” phải ghi "
                             "tên."),)),
)}


def import_kind(slug: str) -> ImportKind:
    """The registry of a URL word; an unknown one is "not found" (a `DomainError` the views turn into 404)."""
    try:
        return KINDS[slug]
    except KeyError:
        raise DomainError(_("Không có danh mục nhập “%(slug)s”.") % {"slug": slug[:40]}) from None


def may_import(actor, kind: ImportKind) -> bool:
    if kind.registry in (FacilityImport, PlanImport):
        return permissions.may_create_records(actor)
    return permissions.may_edit_equipment(actor)


def require_import(actor, kind: ImportKind) -> None:
    """Refuse (403, with the reason) whoever may not import this registry."""
    if not may_import(actor, kind):
        raise Forbidden(_("Vai trò của bạn không được nhập %(what)s từ tệp.") % {"what": kind.title})


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


def import_upload_store(*, actor, upload) -> str:
    """Keep an uploaded file for the confirmation, under the uploader's own folder; return its token
    (the file's SHA-256 and extension), by which `import_upload_path` finds it again."""
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


def _registry(actor, kind: ImportKind):
    require_import(actor, kind)
    return kind.registry(actor)


def facilities_import_plan(*, actor, kind: ImportKind, path: str, filename: str = "") -> ImportPlan:
    """Dry run: say per row what importing the file would do. Writes nothing."""
    return plan_import(path, _registry(actor, kind), filename=filename)


@transaction.atomic
def facilities_import(*, actor, kind: ImportKind, path: str, filename: str = "", only_valid: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> dict:
    """Import the file: all rows or none (or only the valid rows when asked), through the facilities
    services, with one audit event for the whole import (the file's SHA-256, name and counts)."""
    registry = _registry(actor, kind)
    plan = plan_import(path, registry, filename=filename)
    counts = apply_plan(plan, registry, only_valid=only_valid, progress=progress)
    spec = registry.spec
    audit_record(actor=actor, action="import", object_type=spec.object_type, object_id=plan.sha256[:16],
                 object_repr=_("Nhập %(what)s từ tệp “%(name)s”") % {
                     "what": kind.title, "name": filename or os.path.basename(path)},
                 changes={"sha256": plan.sha256, "filename": filename, "only_valid": only_valid, **counts})
    return counts


def facilities_import_template(*, actor, kind: ImportKind) -> bytes:
    """Return the registry's template for this importer: the header, an example row, drop-downs for
    the closed lists and the communes of their territory, and the instructions in Vietnamese."""
    registry = _registry(actor, kind)
    spec = registry.spec
    communes = list(visible_communes(actor).order_by("code").values_list("code", "name")[:4000])
    example = {**kind.example, "commune.code": communes[0][0] if communes else "",
               "commune.name": communes[0][1] if communes else ""}
    columns = [c for c in spec.columns if c.key not in kind.skip]
    lines = [
        _("Hướng dẫn nhập %(what)s") % {"what": kind.title},
        _("1. Điền mỗi dòng một bản ghi ở trang “%(sheet)s”, bắt đầu từ dòng 2; xoá dòng ví dụ trước khi tải lên. "
          "Tệp xuất Excel từ danh sách cũng nhập lại được.") % {"sheet": str(spec.title)[:31]},
        _("2. Các cột có dấu (*) là bắt buộc. Cột có danh sách thả xuống chỉ nhận giá trị trong danh sách."),
        _("3. Ghi “Mã xã” (5 chữ số) hoặc tên xã, phường, đặc khu thuộc địa bàn của bạn; dòng của địa bàn khác bị "
          "báo lỗi, không bị bỏ qua."),
        *(f"{n}. {note}" for n, note in enumerate(kind.notes, start=4)),
        _("Ngày ghi dd/mm/yyyy hoặc dùng ô kiểu ngày của Excel; số thập phân dùng dấu phẩy (1.250,5); có/không "
          "ghi “Có” hoặc “Không”. Ô để trống ở dòng đã có giữ nguyên giá trị cũ."),
        _("Sau khi tải lên, hệ thống kiểm tra thử và báo từng dòng: thêm mới, cập nhật, không đổi hoặc lỗi (dòng, "
          "cột, lý do). Chưa có gì được ghi cho tới khi bạn xác nhận; mặc định tệp có lỗi không được nhập dòng "
          "nào, trừ khi bạn chọn chỉ nhập các dòng hợp lệ."),
        _("Tệp có lỗi có thể tải về kèm cột “Lỗi” và các ô sai được tô màu, sửa rồi tải lên lại. Tệp phải gõ bằng "
          "Unicode; văn bản bảng mã TCVN3 hoặc VNI bị từ chối."),
    ]
    choices = {key: [str(text) for text in texts] for key, texts in kind.choices.items()}
    choices["commune.code"] = [code for code, _name in communes]
    choices["commune.name"] = [name for _code, name in communes]
    return template_bytes(spec, example=[_cell(example.get(c.key)) for c in columns], skip=kind.skip,
                          instructions=lines, choices=choices)


def _cell(value):
    return str(value) if value is not None and not isinstance(value, int | float) else value
