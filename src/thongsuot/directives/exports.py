"""What the directives lists take out to Excel (`?xuat=xlsx`, answered by `audit.exports.export_response`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from thongsuot.audit.exports import xlsx_response
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.directives.models import Assignment


def _number(number: str) -> str:
    return _("Số: %(number)s") % {"number": number}


def _assignment_status(assignment: Assignment) -> str:
    labels = dict(Assignment.State.choices) | {"overdue": _("Quá hạn")}
    return str(labels[assignment.status(timezone.localdate())])


DIRECTIVES = ExportSpec("van-ban-chi-dao", gettext_lazy("Văn bản chỉ đạo"), "directives.directive", columns=(
    Column("number", gettext_lazy("Số, ký hiệu"), lambda d: _number(d.number)),
    Column("issued_on", gettext_lazy("Ngày ban hành")),
    Column("urgency", gettext_lazy("Độ khẩn"), lambda d: d.get_urgency_display()),
    Column("issuer.name", gettext_lazy("Cơ quan ban hành")),
    Column("title", gettext_lazy("Trích yếu")),
    Column("signer_name", gettext_lazy("Người ký"), lambda d: f"{d.signer_title} {d.signer_name}"),
    Column("status", gettext_lazy("Trạng thái"), lambda d: d.get_status_display()),
))

ASSIGNED = ExportSpec("nhiem-vu-duoc-giao", gettext_lazy("Nhiệm vụ được giao"), "directives.assignment", columns=(
    Column("directive.number", gettext_lazy("Văn bản"), lambda a: _number(a.directive.number)),
    Column("task.position", gettext_lazy("Thứ tự")),
    Column("task.title", gettext_lazy("Nhiệm vụ")),
    Column("agency.name", gettext_lazy("Đơn vị")),
    Column("deadline", gettext_lazy("Thời hạn")),
    Column("due", gettext_lazy("Hạn tính theo ngày làm việc")),
    Column("state", gettext_lazy("Tình trạng"), _assignment_status),
    Column("progress", gettext_lazy("Tiến độ (%)")),
))


def matrix_response(request, directive, matrix, place_label):
    """A directive's matrix (places × tasks) as a workbook: not a list, so not `export_response`,
    but the same `?xuat=xlsx`, the same permission and the same audit event.

    `place_label` is the Vietnamese name of the first column (marked with gettext_noop): the header
    reads it in the user's language, the audit record keeps it as given."""
    headers = [_(place_label)]
    for task in matrix.tasks:
        headers += [_("%(position)s. %(task)s — tình trạng") % {"position": task.position, "task": task.title},
                    _("Tiến độ (%)")]
        headers += [f"{f.name} ({f.unit})" for f in task.figures.all()]
        # Live registry figures linked to the task (`selectors.matrix_registry`), after the reported sums.
        headers += [_("%(figure)s (%(unit)s) (sổ đăng ký)") % {"figure": c.label, "unit": c.unit}
                    for c in matrix.registry.get(task.pk, [])]

    def line(label, cells):
        row = [label]
        for task, cell in zip(matrix.tasks, cells, strict=True):
            row += [str(cell.label), cell.percent if cell.units else None]
            row += [cell.figures.get(f.pk) for f in task.figures.all()]
            # A row without registry values (a province's own assignment) leaves the columns empty.
            registry = [value for _label, value, _unit in cell.registry]
            row += registry or [None] * len(matrix.registry.get(task.pk, []))
        return row

    rows = [line(str(place) if place else _("Cấp tỉnh (tự thực hiện)"), cells) for place, cells in matrix.rows]
    rows.append(line(pgettext("matrix total row", "Tổng hợp"), matrix.total))
    return xlsx_response(user=request.user, filename=f"ma-tran-{directive.pk}.xlsx",
                         title=_("Tiến độ %(number)s") % {"number": directive.number.replace("/", "-")},
                         headers=headers, rows=rows,
                         object_type="directives.directive", filters={"directive": directive.pk,
                                                                      "place": place_label})
