"""Live figures from the platform's registries that a task can be linked to.

A task on commune staffing can show, next to what each assignee reported, the staffing gap the
staffing registry holds for that place; a task on equipment or connectivity, the facilities
registry's figure. Nothing is copied: each figure is read when a page asks for it,

- through the owning app's own scoped selector (`staffing.selectors.quota_list`,
  `facilities.selectors.equipment_list` / `readiness_list`), so a commune sees only its own
  figure, a province those of its communes, a ministry what that app lets it see;
- over the counters that app keeps current (a quota's `gap`, a commune's readiness row), in
  one grouped query per figure whatever the number of places.

A place without any registry row has no value (shown as “—”), which is not the same as 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps as django_apps
from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Greatest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thongsuot.core.errors import DomainError
from thongsuot.core.vocabulary import StaffField
from thongsuot.facilities import selectors as facilities
from thongsuot.staffing import selectors as staffing

PROVINCE, COMMUNE = "province_id", "commune_id"


def _grouped(rows, group: str, province_id: int | None, value) -> dict[int, Decimal]:
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    return {place: Decimal(v) for place, v in rows.order_by().values(group).annotate(v=value).values_list(group, "v")
            if v is not None}


# --- readers: (user, group, province_id, parameter) → {place id: value} ---------------------

def _staffing_shortage(user, group, province_id, parameter):
    rows = staffing.quota_list(user=user)
    if parameter:
        rows = rows.filter(field=parameter)
    # The same measure as the staffing pages: the gap of each (commune, field) counted when positive.
    return _grouped(rows, group, province_id, Sum(Greatest(F("gap"), 0)))


def _equipment_gap(user, group, province_id, parameter):
    rows = facilities.equipment_list(user=user, category=parameter)
    # EquipmentNeed.gap: what is required and not available, never below zero.
    return _grouped(rows, group, province_id, Sum(Greatest(F("required") - F("available"), 0)))


def _readiness(user, group, province_id, parameter):
    tenth = Decimal("0.1")
    values = _grouped(facilities.readiness_list(user=user), group, province_id, Avg("total"))
    return {place: value.quantize(tenth, rounding=ROUND_HALF_UP) for place, value in values.items()}


def _poorly_connected(user, group, province_id, parameter):
    rows = facilities.readiness_list(user=user, threshold=facilities.CONNECTIVITY_THRESHOLD)
    return _grouped(rows, group, province_id, Count("id", filter=Q(connectivity_score__lt=facilities.CONNECTIVITY_THRESHOLD)))


def _surplus_remaining(user, group, province_id, parameter):
    return _grouped(facilities.readiness_list(user=user), group, province_id, Sum(F("surplus_count") - F("surplus_handled")))


# --- sources --------------------------------------------------------------------------------

def _staffing_fields():
    return [("", _("mọi lĩnh vực")), *StaffField.choices]


def _equipment_categories():
    return facilities.equipment_category_choices()


def _none():
    return []


@dataclass(frozen=True)
class Source:
    """One kind of registry figure."""

    key: str
    app: str                    # the app that keeps it (its label)
    group: object               # heading of the choice list
    label: object
    unit: object
    #: How places add up into a larger one: "sum" (a shortage) or "mean" (a score).
    combine: str
    read: Callable
    parameters: Callable = _none
    #: Whether one of `parameters()` must be chosen ("" is then not allowed).
    needs_parameter: bool = False


STAFFING = _("Cán bộ, công chức (sổ định biên)")
FACILITIES = _("Trụ sở, thiết bị, kết nối (sổ cơ sở vật chất)")

SOURCES: dict[str, Source] = {s.key: s for s in [
    Source("staffing.shortage", "staffing", STAFFING, _("Biên chế còn thiếu"), _("người"), "sum",
           _staffing_shortage, _staffing_fields),
    Source("facilities.equipment_gap", "facilities", FACILITIES, _("Thiết bị còn thiếu"), _("chiếc"), "sum",
           _equipment_gap, _equipment_categories, needs_parameter=True),
    Source("facilities.readiness", "facilities", FACILITIES, _("Điểm sẵn sàng bình quân"), _("điểm/100"), "mean",
           _readiness),
    Source("facilities.poorly_connected", "facilities", FACILITIES,
           _("Số xã, phường kết nối yếu (dưới 15/30 điểm)"), _("đơn vị"), "sum", _poorly_connected),
    Source("facilities.surplus_remaining", "facilities", FACILITIES, _("Trụ sở, cơ sở dôi dư chưa xử lý xong"),
           _("cơ sở"), "sum", _surplus_remaining),
]}


def is_available(source: Source) -> bool:
    return django_apps.is_installed(f"thongsuot.{source.app}")


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return grouped choices for a select: value "source" or "source:parameter"."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for source in SOURCES.values():
        if not is_available(source):
            continue
        options = groups.setdefault(str(source.group), [])
        parameters = source.parameters()
        if not parameters:
            options.append((source.key, f"{source.label} ({source.unit})"))
        for value, label in parameters:
            options.append((f"{source.key}:{value}" if value else source.key,
                            f"{source.label} — {label} ({source.unit})"))
    return list(groups.items())


def parse(code: str) -> tuple[Source, str]:
    """Return (source, parameter) for a choice value; refuse an unknown or unavailable one."""
    key, _sep, parameter = (code or "").strip().partition(":")
    source = SOURCES.get(key)
    if source is None or not is_available(source):
        raise DomainError(gettext("Số liệu sổ đăng ký này không có trên nền tảng."), field="source")
    allowed = {value for value, _label in source.parameters()}
    if (parameter and parameter not in allowed) or (source.needs_parameter and not parameter):
        raise DomainError(gettext("Cần chọn đúng loại cho số liệu “%(figure)s”.") % {"figure": source.label},
                          field="source")
    return source, parameter


def code_of(link) -> str:
    return f"{link.source}:{link.parameter}" if link.parameter else link.source


def describe(link) -> tuple[str, str] | None:
    """Return (label, unit) of a linked figure, or None when its source is not available."""
    source = SOURCES.get(link.source)
    if source is None or not is_available(source):
        return None
    label = str(source.label)
    if link.parameter:
        label += " — " + str(dict(source.parameters()).get(link.parameter, link.parameter))
    return label, str(source.unit)


def values(*, user, link, group: str, province_id: int | None = None) -> dict[int, Decimal]:
    """Return {province or commune id: live value} of a linked figure, over what the user may see."""
    source = SOURCES.get(link.source)
    if source is None or not is_available(source):
        return {}
    return source.read(user, group, province_id, link.parameter)


def combine(link, items) -> Decimal | None:
    """Add places up the way the figure adds up: a sum, or the mean of a score."""
    items = [v for v in items if v is not None]
    if not items:
        return None
    source = SOURCES[link.source]
    if source.combine == "mean":
        return (sum(items) / len(items)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return sum(items)
