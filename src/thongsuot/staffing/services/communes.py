"""The figures a commune's quota rests on (population, mountain and island flags): set one commune
from its form, or many from a spreadsheet (`CommuneFiguresImport`); either way the quotas follow.

`geo` keeps the figures but sits below every rule; staffing is where they matter, so the writes live
here: a change recomputes the commune's default quotas through `quotas_recompute` (overridden rows
keep their headcount) and is audited with the figures before and after.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.importing.plan import ImportPlan, RowOutcome
from thongsuot.core.versioning import bump, check_version
from thongsuot.geo.models import Commune
from thongsuot.imports.registry import Registry
from thongsuot.staffing.exports import COMMUNE_FIGURES
from thongsuot.staffing.permissions import may_manage_own_province, may_manage_province
from thongsuot.staffing.services._common import _require
from thongsuot.staffing.services.quotas import quotas_recompute

FIGURES = ("population", "is_mountainous", "is_island")
MAX_POPULATION = 5_000_000


@transaction.atomic
def commune_figures_set(*, actor, commune: Commune, version: int | None = None, **figures) -> Commune:
    """Set a commune's population and flags (those given), from the `version` the editor read, and
    recompute its default quotas. The figures are then official, no longer samples."""
    _require(may_manage_province(actor, commune.province_id),
             _("Chỉ cấp tỉnh (hoặc trung ương) mới được sửa dân số, vùng của xã."))
    commune = Commune.objects.select_for_update().get(pk=commune.pk)
    check_version(commune, version)
    population = figures.get("population")
    if population is not None and not 0 <= population <= MAX_POPULATION:
        raise DomainError(_("Dân số phải từ 0 đến 5.000.000."), field="population")
    before = {name: getattr(commune, name) for name in FIGURES}
    for name in FIGURES:
        if name in figures:
            setattr(commune, name, figures[name])
    after = {name: getattr(commune, name) for name in FIGURES}
    if after == before and not commune.figures_are_sample:
        return commune
    commune.figures_are_sample = False
    bump(commune)
    commune.save(update_fields=[*FIGURES, "figures_are_sample", "version", "search_key"])
    changed = quotas_recompute(actor=actor, commune=commune, audit=False)
    audit_record(actor=actor, action="update", obj=commune, object_repr=_("Dân số, vùng của %(name)s")
                 % {"name": commune.name}, before=before, after=after, changes={"quota_rows_changed": changed})
    return commune


class CommuneFiguresImport(Registry):
    """Communes' population and flags: a province for its communes, the nation for all. Found by code
    (or name, or a former name); a commune of another province is an error."""

    slug = "dan-so-xa"
    title = gettext_lazy("Dân số, vùng của xã")
    spec = COMMUNE_FIGURES
    label_key = "code"
    template_skip = ("province",)
    refusal = gettext_lazy("Chỉ cấp tỉnh (hoặc trung ương) mới được nhập dân số, vùng của xã.")
    notes = (gettext_lazy("Dân số và cờ miền núi, hải đảo quyết định định biên mặc định của xã: nhập xong, "
                          "định biên được tính lại (dòng định biên đã điều chỉnh giữ nguyên số đã điều chỉnh). "
                          "Ô để trống giữ nguyên giá trị cũ."),)

    permission = staticmethod(may_manage_own_province)

    def record_key(self, commune) -> tuple:
        return (commune.pk,)

    def export_objects(self):
        communes = Commune.objects.select_related("province")
        if self.scope is not None and self.scope.is_province:
            communes = communes.filter(province_id=self.scope.province_id)
        return communes.order_by("province__code", "code")

    def example(self) -> dict:
        communes = self.template_choices().get("code") or [""]
        return {"code": communes[0], "name": "", "population": 18500, "is_mountainous": _("Không"),
                "is_island": _("Không")}

    def resolve(self, values) -> None:
        values["code"] = self.commune(values["code"], column="code")

    def key(self, values) -> tuple:
        return (values["code"].pk,)

    def existing(self, key) -> Commune:
        # The row's commune is in the territory (`resolve`); the nation's index has them all.
        return self.natural_index.get(key) or Commune.objects.get(pk=key[0])

    def describe(self, values) -> str:
        commune = values.get("code")
        return f"{commune.name} ({commune.code})" if isinstance(commune, Commune) else str(commune or "")

    def changes(self, commune: Commune, values) -> dict:
        changes = {name: values[name] for name in FIGURES
                   if values.get(name) is not None and values[name] != getattr(commune, name)}
        if commune.figures_are_sample and any(values.get(name) is not None for name in FIGURES):
            # Confirming the sample figures makes them official: a change, if only of that flag.
            changes.setdefault("figures_are_sample", False)
        return changes

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        figures = {name: value for name, value in row.changes.items() if name in FIGURES}
        commune_figures_set(actor=self.actor, commune=row.record, **figures)

