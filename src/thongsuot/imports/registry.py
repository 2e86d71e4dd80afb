"""What a registry brings to the one import flow, and how the flow finds the registries.

A registry is a subclass of `Registry` named in its app's `AppConfig.import_registries`. It gives the
plan protocol of `core.importing.plan` (`resolve`, `key`, `existing`, `changes`, `apply`) and, by
class attributes, what the pages need: its `slug` (the URL part), `title`, `spec` (the column
specification its export writes), who `may_import` it and what the template's example row and notes
say. The template's drop-downs come from the spec itself: every `Choice` column gets its labels,
every commune column the communes of the importer's territory, every yes/no column "Có"/"Không".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, ClassVar

from django.apps import apps
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.accounts.permissions import in_territory, scope_of, visible_communes
from thongsuot.core.importing import Boolean, Choice, UnitRef
from thongsuot.core.importing.plan import RowRefused
from thongsuot.core.importing.workbooks import template_bytes
from thongsuot.core.listing import ExportSpec
from thongsuot.core.text import fold
from thongsuot.geo.matching import AMBIGUOUS, OUTSIDE
from thongsuot.geo.selectors import unit_index

#: How many communes a template's drop-down lists (the nation has about 3,300).
TEMPLATE_COMMUNES = 4000


def answer_key(column: str, text: str) -> str:
    """The key under which the user's answer to a question about `text` in `column` is kept."""
    return f"{column}|{fold(text)}"


class Registry:
    """One importable registry, for one importer (`actor`), with the user's `answers` to the dry
    run's questions (`answer_key` → value)."""

    #: Templates get the class itself (its title and slug), not an instance.
    do_not_call_in_templates = True
    slug: ClassVar[str]
    title: ClassVar[Any]
    spec: ClassVar[ExportSpec]
    #: The column whose value names a row on the result page and in the history.
    label_key: ClassVar[str]
    #: Computed columns the template leaves out (the import ignores them).
    template_skip: ClassVar[tuple[str, ...]] = ()
    #: Why `may_import` refuses (403).
    refusal: ClassVar[Any] = gettext_lazy("Bạn không được nhập danh mục này.")
    #: What a template's instructions add to the common ones.
    notes: ClassVar[Sequence[Any]] = ()
    #: Who may import it: a rule of the app's `permissions` (`may_*(actor) -> bool`).
    permission: ClassVar[Callable[[Any], bool]]

    def __init__(self, actor, *, answers: dict[str, str] | None = None):
        self.actor = actor
        self.scope = scope_of(actor)
        self.answers = dict(answers or {})
        self._index = None
        self._communes: dict[int, dict] = {}
        self._communes_named: dict[tuple[str, str], Any] = {}

    @classmethod
    def may_import(cls, actor) -> bool:
        return bool(cls.permission(actor))

    # -- the records a file finds, by natural key --------------------------------------------------

    def record_key(self, record) -> tuple:
        """The natural key of an existing record: what `key` gives for a row naming it."""
        raise NotImplementedError

    def existing_records(self):
        """The records a row may find: the territory's, as the export writes them."""
        return self.export_objects()

    #: Whether the records are read per commune (`index_existing(commune)`, when the commune's first
    #: row asks, keys starting with the commune's id) rather than the whole territory at once.
    by_commune: ClassVar[bool] = False

    def index_existing(self, commune=None) -> dict[tuple, Any]:
        """The records by natural key, read in one query: the territory's, or with `by_commune` the
        commune's. The one place a registry's `existing` finds its records."""
        return {self.record_key(record): record for record in self.existing_records()}

    @cached_property
    def natural_index(self) -> dict[tuple, Any]:
        """`index_existing`, kept for the registry's life (a registry may add to it as it plans)."""
        return self.index_existing()

    def commune_index(self, commune) -> dict[tuple, Any]:
        """`index_existing(commune)`, read once per commune."""
        index = self._communes.get(commune.pk)
        if index is None:
            index = self._communes[commune.pk] = self.index_existing(commune)
        return index

    def existing(self, key):
        if self.by_commune:
            return self._communes.get(key[0], {}).get(key)
        return self.natural_index.get(key)

    # -- units -------------------------------------------------------------------------------------

    @property
    def index(self):
        if self._index is None:
            self._index = unit_index()
        return self._index

    @property
    def own_province(self):
        """The importer's province as the unit index knows it (None for the nation and ministries)."""
        if self.scope is None or not self.scope.province_id:
            return None
        return self.index.provinces.get(self.scope.agency.province.code)

    def commune(self, text: str, column: str = "commune"):
        """Return the commune `text` names, in the importer's territory, or refuse the row.

        A former name that several current communes share is a question: the user's answer (kept in
        `answers`) settles it on the next run. Each distinct text is looked up once (a file of
        100,000 rows names a few hundred communes)."""
        found = self._communes_named.get((column, text))
        if found is None:
            try:
                found = self._commune(text, column)
            except RowRefused as refused:
                found = refused.column, refused.reason, refused.question
            self._communes_named[(column, text)] = found
        if isinstance(found, tuple):
            column, reason, question = found
            raise RowRefused(column, reason, question=question)
        return found

    def _commune(self, text: str, column: str):
        answer = self.answers.get(answer_key(column, text))
        if answer:
            text = answer
        found = self.index.commune(text, self.own_province)
        if found.status == OUTSIDE:
            province = found.unit.province.name if found.unit is not None else _("tỉnh khác")
            raise RowRefused(column, _("“%(text)s” thuộc %(province)s, ngoài địa bàn của bạn.")
                             % {"text": text, "province": province})
        if found.status == AMBIGUOUS:
            names = ", ".join(f"{c.name} ({c.code})" for c in found.candidates[:5])
            choices = tuple((c.code, f"{c.name} ({c.code}, {c.province.name})") for c in found.candidates[:20])
            raise RowRefused(column, _("“%(text)s” có thể là: %(names)s; hãy chọn xã đúng hoặc ghi mã xã.")
                             % {"text": text, "names": names}, question=(text, choices))
        if not found.ok:
            raise RowRefused(column, _("không tìm thấy xã, phường “%(text)s”.") % {"text": text})
        unit = found.unit
        if not in_territory(self.actor, province_id=unit.province_id, commune_id=unit.pk):
            raise RowRefused(column, _("“%(name)s” ngoài địa bàn của bạn.") % {"name": unit.name})
        return unit

    def export_objects(self):
        """The records of the importer's territory, as the registry's export writes them (the file an
        importer edits and imports back)."""
        raise NotImplementedError

    # -- what the pages show -----------------------------------------------------------------------

    def describe(self, values: dict) -> str:
        value = values.get(self.label_key)
        return "" if value is None else str(value)

    def example(self) -> dict[str, Any]:
        """The template's example row, by column key."""
        return {}

    def template_columns(self):
        return [column for column in self.spec.columns if column.key not in self.template_skip]

    def template_choices(self) -> dict[str, list[str]]:
        choices: dict[str, list[str]] = {}
        communes = None
        for column in self.template_columns():
            if isinstance(column.parse, Choice):
                choices[column.key] = [str(label) for _value, label in column.parse.choices]
            elif isinstance(column.parse, Boolean):
                choices[column.key] = [_("Có"), _("Không")]
            elif isinstance(column.parse, UnitRef) and column.parse.level == "commune":
                if communes is None:
                    communes = [c.name for c in visible_communes(self.actor).order_by("name")[:TEMPLATE_COMMUNES]]
                choices[column.key] = communes
        return choices

    def instructions(self) -> list[str]:
        columns = self.template_columns()
        natural = ", ".join(f"“{c.header}”" for c in columns if c.natural_key)
        lines = [
            _("Hướng dẫn nhập: %(title)s") % {"title": self.title},
            _("1. Điền mỗi bản ghi một dòng ở trang “%(sheet)s”, bắt đầu từ dòng 2; xoá dòng ví dụ trước khi "
              "tải lên. Có thể dùng tệp đã xuất từ danh sách rồi sửa.") % {"sheet": str(self.spec.title)[:31]},
            _("2. Các cột có dấu (*) là bắt buộc. Cột có danh sách thả xuống chỉ nhận giá trị trong danh sách."),
            _("3. Một bản ghi được nhận ra theo %(columns)s: dòng trùng bản ghi đã có sẽ cập nhật bản ghi đó, "
              "nhập lại cùng tệp không thay đổi gì.") % {"columns": natural},
            _("4. Ngày ghi dd/mm/yyyy (ví dụ 01/08/2025) hoặc dùng ô kiểu ngày của Excel; số thập phân dùng dấu "
              "phẩy (3,5)."),
            _("5. Xã, phường ghi tên hoặc mã, thuộc địa bàn của bạn; dòng của địa bàn khác bị báo lỗi."),
            _("6. Sau khi tải lên, hệ thống kiểm tra thử và báo từng dòng: thêm mới, cập nhật, không đổi hoặc lỗi "
              "(dòng, cột, lý do). Chưa có gì được ghi cho tới khi bạn xác nhận."),
            _("7. Tệp có lỗi có thể tải về kèm cột “Lỗi” và các ô sai được tô màu, sửa rồi tải lên lại."),
            _("8. Tệp phải gõ bằng Unicode; văn bản bảng mã TCVN3 hoặc VNI bị từ chối."),
        ]
        return lines + [str(note) for note in self.notes]

    def template(self) -> bytes:
        example = self.example()
        columns = self.template_columns()
        return template_bytes(self.spec, example=[example.get(c.key) for c in columns], skip=self.template_skip,
                              instructions=self.instructions(), choices=self.template_choices())


def registries() -> dict[str, type[Registry]]:
    """Every registry the apps declare, by slug, in the apps' order."""
    found: dict[str, type[Registry]] = {}
    for config in apps.get_app_configs():
        for dotted in getattr(config, "import_registries", ()):
            registry = import_string(dotted)
            found[registry.slug] = registry
    return found


def registry_named(slug: str) -> type[Registry]:
    """Return the registry of this slug; 404 for an unknown one."""
    registry = registries().get(slug)
    if registry is None:
        raise Http404
    return registry
