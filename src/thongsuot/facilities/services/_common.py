"""Checks shared by the services: rights, choices, numbers, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.facilities import permissions


def _require(allowed: bool, message: str = "") -> None:
    """Refuse unless a rule of `facilities.permissions` allowed it."""
    if not allowed:
        raise Forbidden(message or _("Bạn không có quyền thực hiện thao tác này với đơn vị này."))


def _require_province_leader(actor, place, what: str) -> None:
    """`what` is the action, already in the reader's language: “phê duyệt …”."""
    _require(permissions.may_approve_in(actor, place),
             _("Chỉ lãnh đạo UBND cấp tỉnh (hoặc Trung ương) được %(what)s.") % {"what": what})


def _choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(_("%(label)s “%(value)s” không có trong danh mục.") % {"label": label, "value": value},
                          field=field)
    return value


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("%(label)s phải là một số.") % {"label": label}, field=field) from None
    if not number.is_finite():
        raise DomainError(_("%(label)s phải là một số.") % {"label": label}, field=field)
    if number < 0:
        raise DomainError(_("%(label)s không được âm.") % {"label": label}, field=field)
    return number


def _count(value, field: str, label: str) -> int:
    try:
        number = int(value)
    except (ValueError, TypeError):
        raise DomainError(_("%(label)s phải là số nguyên.") % {"label": label}, field=field) from None
    if number < 0:
        raise DomainError(_("%(label)s không được âm.") % {"label": label}, field=field)
    return number


def _not_future(value: date, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise DomainError(_("%(label)s không được sau ngày hôm nay.") % {"label": label}, field=field)


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}
