"""The columns of the task catalogue's Excel export (`?xuat=xlsx`): each task with, per state, how
many communes within the user's view are in it (`selectors.with_state_counts` puts them on the row)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.listing import Column, ExportSpec
from thongsuot.decentralisation.models import TaskState


def _state_column(value: str, label) -> Column:
    return Column(f"counts.{value}", label, lambda t: t.counts[value])


TASKS = ExportSpec("nhiem-vu-phan-cap", _("Nhiệm vụ phân cấp cho cấp xã"), "decentralisation.decentralisedtask",
                   columns=(
                       Column("code", _("Mã")),
                       Column("name", _("Nhiệm vụ")),
                       Column("sector", pgettext_lazy("sector", "Lĩnh vực"), lambda t: t.get_sector_display()),
                       Column("owning_ministry.name", _("Bộ, ngành chủ trì")),
                       Column("legal_basis", _("Căn cứ")),
                       Column("guidance_document", _("Hướng dẫn"),
                              lambda t: t.guidance_document if t.guidance_issued else str(_("Chưa có"))),
                       *(_state_column(value, label) for value, label in TaskState.choices),
                   ))
