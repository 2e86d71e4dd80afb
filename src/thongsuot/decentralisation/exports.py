"""The columns of the task catalogue's Excel export (`?xuat=xlsx`): each task with, per state, how
many communes within the user's view are in it (`selectors.with_state_counts` puts them on the row)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.importing import Choice, Text
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.core.vocabulary import Sector
from thongsuot.decentralisation.models import TaskState


def _state_column(value: str, label) -> Column:
    return Column(f"counts.{value}", label, lambda t: t.counts[value])


TASKS = ExportSpec("nhiem-vu-phan-cap", _("Nhiệm vụ phân cấp cho cấp xã"), "decentralisation.decentralisedtask",
                   columns=(
                       Column("code", _("Mã"), parse=Text(max_length=20), required=True, natural_key=True),
                       Column("name", _("Nhiệm vụ"), parse=Text(max_length=400), required=True),
                       Column("sector", pgettext_lazy("sector", "Lĩnh vực"), lambda t: t.get_sector_display(),
                              parse=Choice(Sector.choices), required=True),
                       Column("owning_ministry", _("Bộ, ngành chủ trì"), lambda t: t.owning_ministry.name,
                              parse=Text(max_length=200), required=True),
                       Column("legal_basis", _("Căn cứ"), parse=Text(max_length=300), required=True),
                       Column("guidance_document", _("Hướng dẫn"),
                              lambda t: t.guidance_document if t.guidance_issued else str(_("Chưa có")),
                              parse=Text(max_length=200)),
                       *(_state_column(value, label) for value, label in TaskState.choices),
                   ))
