"""One optimistic lock for every record a user edits: no silent overwrite.

A record that two people may edit at once carries a `version` (`VersionedModel`), 1 when made and
one more at every change. Whoever edits it sends back the version they read:

- the page's edit form carries it hidden (`VersionField`, initial `version_of(record)`);
- an API client sends it in the body of its PUT/PATCH (`serializer_field`, taken out by `sent_version`);
- the service locks the row, calls `check_version(record, sent)` and, on saving, `bump(record)`.

A version that is not the record's current one raises `core.errors.StaleVersion` (409 on the web
through `core.forms.submit`, which keeps what the user typed, and in the API through `api.errors`).
A record set in place (a commune's connection, an equipment line) may not exist yet: version 0 says
"I saw none", and a record made in between is refused the same way. Services take `version=None`
from internal callers (seeding, bulk jobs) that edit without a page read: no check then.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from thongsuot.core.errors import StaleVersion

VERSION = "version"


class VersionedModel(models.Model):
    """A record people edit: its `version` grows by one at every change."""

    #: Optimistic lock: the version an editor read; a stale one is refused (core.versioning).
    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


def version_of(record) -> int:
    """The version an edit page hands out: the record's, or 0 when there is no record yet."""
    return record.version if record is not None else 0


def stale_message(record) -> str:
    """Say who won and what to do: when the record was changed, reload, type again."""
    changed = getattr(record, "updated_at", None) if record is not None else None
    if changed is None:
        return _("Bản ghi đã được người khác sửa. Hãy tải lại trang để xem nội dung mới rồi sửa lại.")
    return _("Bản ghi đã được người khác sửa lúc %(when)s. Hãy tải lại trang để xem nội dung mới rồi sửa lại "
             "(nội dung bạn vừa nhập vẫn còn trên trang này).") % {
        "when": date_format(timezone.localtime(changed), "d/m/Y H:i")}


def check_version(record, sent: int | None, *, message: str | None = None) -> None:
    """Refuse with `StaleVersion` unless `sent` is the locked `record`'s version (0 = no record yet).

    `sent` None is an internal caller that read nothing: no check. Call it on the row locked with
    `select_for_update`, so two editors with the same version cannot both pass. `message` replaces
    the general one where a record's own words say better what happened (a case, a directive task).
    """
    if sent is None:
        return
    if int(sent) != version_of(record):
        raise StaleVersion(message or stale_message(record))


def bump(record) -> None:
    """Count a change (call before `save`; the row is locked, so a plain increment is safe)."""
    record.version = (record.version or 0) + 1


class VersionField(forms.IntegerField):
    """The hidden version an edit form was rendered with (initial: `version_of(record)`)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("label", gettext_lazy("Phiên bản"))
        kwargs.setdefault("error_messages", {"required": gettext_lazy("Trang này đã cũ (thiếu phiên bản bản ghi). "
                                                                  "Hãy tải lại trang rồi nhập lại.")})
        super().__init__(**kwargs)


def pop_version(data: dict) -> int | None:
    """Take the version out of a form's cleaned data (the rest goes to the service as is)."""
    return data.pop(VERSION, None)


def serializer_field(**kwargs) -> serializers.IntegerField:
    """The API body's `version`: required on every PUT/PATCH of a versioned record."""
    options = {"min_value": 0, "required": True,
               "help_text": "Phiên bản đã đọc (GET; 0 khi chưa có bản ghi). Khác phiên bản hiện tại: 409, "
                            "không ghi đè thay đổi của người khác.",
               "error_messages": {"required": "Cần gửi kèm phiên bản đã đọc (version).",
                                  "invalid": "Phiên bản (version) phải là số nguyên."}}
    return serializers.IntegerField(**{**options, **kwargs})


def sent_version(data: dict) -> int:
    """The version of an API edit, taken out of the validated data; a partial (PATCH) body must
    carry it too (DRF does not enforce required fields on a partial update)."""
    if data.get(VERSION) is None:
        raise serializers.ValidationError({VERSION: ["Cần gửi kèm phiên bản đã đọc (version)."]})
    return int(data.pop(VERSION))
