"""Staffing services: shared by every section."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError

MAX_QUOTA_PER_FIELD = 70


class Forbidden(DomainError):
    status_code = 403

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise Forbidden(message) if message else Forbidden()
