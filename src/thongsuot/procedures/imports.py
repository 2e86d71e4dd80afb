"""The national procedure catalogue imported from a spreadsheet (the one import flow, `thongsuot.imports`).

National level only (`may_edit_catalogue`). A row is found by its code; a new code is a new entry,
a changed row an update, both through `procedure_save` (its checks and audit event stay). An empty
optional cell leaves the field as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.core.importing.plan import ImportPlan, RowOutcome
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.imports.registry import Registry
from thongsuot.procedures.exports import PROCEDURES
from thongsuot.procedures.models import OnlineLevel, Procedure
from thongsuot.procedures.permissions import may_edit_catalogue
from thongsuot.procedures.services import procedure_save

#: The columns a row sets (the others are written by the export only).
FIELDS = ("name", "sector", "time_limit_days", "fee", "online_level", "is_internal", "legal_basis")


class ProcedureImport(Registry):
    slug = "thu-tuc"
    title = gettext_lazy("Danh mục thủ tục hành chính")
    spec = PROCEDURES
    label_key = "code"
    template_skip = ("is_sample",)
    refusal = gettext_lazy("Chỉ cấp trung ương mới cập nhật danh mục thủ tục hành chính.")
    notes = (gettext_lazy("Thủ tục được nhận ra theo mã trên Cơ sở dữ liệu quốc gia (ví dụ 1.001193): mã đã có "
                          "thì cập nhật, mã mới thì thêm vào danh mục. Ô để trống giữ nguyên giá trị cũ."),)

    permission = staticmethod(may_edit_catalogue)

    def existing_records(self):
        return Procedure.objects.all()

    def record_key(self, procedure) -> tuple:
        return (procedure.code,)

    def export_objects(self):
        return Procedure.objects.order_by("sector", "code")

    def example(self) -> dict:
        return {"code": "1.001193", "name": _("Đăng ký khai sinh"), "sector": str(ProcedureField.choices[0][1]),
                "time_limit_days": 1, "fee": 0, "online_level": str(OnlineLevel.FULL.label),
                "is_internal": _("Không"), "legal_basis": _("Luật Hộ tịch 2014")}

    def resolve(self, values) -> None:
        values["code"] = values["code"].strip()

    def key(self, values) -> tuple:
        return (values["code"],)

    def changes(self, procedure: Procedure | None, values) -> dict:
        given = {name: values[name] for name in FIELDS if values.get(name) is not None}
        if procedure is None:
            return given
        return {name: value for name, value in given.items() if value != getattr(procedure, name)}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        if row.record is None:
            procedure_save(actor=self.actor, code=row.values["code"], **row.changes)
        else:
            procedure_save(actor=self.actor, procedure=row.record, version=row.record.version, **row.changes)
