"""The national catalogue of tasks decentralised to communes, imported from a spreadsheet (the one import
flow, `thongsuot.imports`). National level only. A row is found by its code; the owning ministry is
named by its name or code; "Hướng dẫn" holds the guidance document, or "Chưa có" (or nothing) when
the ministry has issued none — the columns the catalogue's export writes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.importing.plan import ImportPlan, RowOutcome, RowRefused
from thongsuot.core.text import fold
from thongsuot.core.vocabulary import Sector
from thongsuot.decentralisation.exports import TASKS
from thongsuot.decentralisation.models import DecentralisedTask
from thongsuot.decentralisation.permissions import may_edit_task_catalogue
from thongsuot.decentralisation.selectors import with_state_counts
from thongsuot.decentralisation.services import TASK_FIELDS, task_catalogue_save
from thongsuot.imports.registry import Registry

#: What "Hướng dẫn" says when there is no guidance yet (folded).
NO_GUIDANCE = {"chua co", "khong", "chua", "khong co"}


class TaskCatalogueImport(Registry):
    slug = "nhiem-vu-phan-cap"
    title = gettext_lazy("Danh mục nhiệm vụ phân cấp")
    spec = TASKS
    label_key = "code"
    template_skip = tuple(column.key for column in TASKS.columns if column.key.startswith("counts."))
    refusal = gettext_lazy("Chỉ cấp trung ương mới cập nhật danh mục nhiệm vụ phân cấp.")
    notes = (gettext_lazy("Nhiệm vụ được nhận ra theo mã: mã đã có thì cập nhật, mã mới thì thêm vào danh mục. "
                          "“Bộ, ngành chủ trì” ghi tên hoặc mã bộ, ngành. “Hướng dẫn” ghi tên văn bản hướng dẫn, "
                          "hoặc “Chưa có”. Các cột số xã theo tình trạng chỉ để xem, không được đọc khi nhập."),)

    permission = staticmethod(may_edit_task_catalogue)

    def __init__(self, actor, *, answers=None):
        super().__init__(actor, answers=answers)
        self.ministries = {}
        for agency in Agency.objects.filter(level=Level.MINISTRY):
            self.ministries[fold(agency.name)] = agency
            self.ministries[fold(agency.code)] = agency

    def existing_records(self):
        return DecentralisedTask.objects.select_related("owning_ministry")

    def record_key(self, task) -> tuple:
        return (task.code,)

    def export_objects(self):
        return with_state_counts(user=self.actor, tasks=DecentralisedTask.objects.select_related("owning_ministry")
                                 .order_by("code"))

    def template_choices(self) -> dict:
        choices = super().template_choices()
        choices["owning_ministry"] = sorted({agency.name for agency in self.ministries.values()})
        return choices

    def example(self) -> dict:
        ministries = self.template_choices()["owning_ministry"] or [""]
        return {"code": "NV-001", "name": _("Cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
                "sector": str(Sector.choices[0][1]), "owning_ministry": ministries[0],
                "legal_basis": _("Nghị định 151/2025/NĐ-CP"), "guidance_document": _("Chưa có")}

    def resolve(self, values) -> None:
        values["code"] = values["code"].strip()
        ministry = self.ministries.get(fold(values["owning_ministry"]))
        if ministry is None:
            raise RowRefused("owning_ministry", _("không có bộ, ngành “%(text)s”.") % {"text": values["owning_ministry"]})
        values["owning_ministry"] = ministry
        if "guidance_document" in values:
            document = (values["guidance_document"] or "").strip()
            issued = bool(document) and fold(document) not in NO_GUIDANCE
            values["guidance_issued"], values["guidance_document"] = issued, document if issued else ""

    def key(self, values) -> tuple:
        return (values["code"],)

    def changes(self, task: DecentralisedTask | None, values) -> dict:
        given = {name: values[name] for name in TASK_FIELDS if name in values and values[name] is not None}
        if task is None:
            return given
        return {name: value for name, value in given.items() if value != getattr(task, name)}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        task_catalogue_save(actor=self.actor, code=row.values["code"], task=row.record, **row.changes)
