"""What the facilities pages share: scope check, export, filters, the commune a form is about."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import Action, scope_of, visible_communes
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.facilities import exports, readiness, selectors


def _scope(request):
    scope = scope_of(request.user)
    if scope is None or (scope.is_ministry and not selectors.ministry_sees_facilities(scope)):
        raise Http404
    return scope


def _wants_xlsx(request) -> bool:
    return request.GET.get("xuat") == "xlsx"


def _export(request, name: str, queryset, filters: dict):
    if not _scope(request).allows(Action.EXPORT):
        raise PermissionDenied
    spec = exports.SPECS[name]
    return xlsx_response(user=request.user, filename=f"{spec.filename}.xlsx", title=str(spec.title),
                         headers=[str(h) for h in spec.headers], rows=(spec.row(o) for o in queryset.iterator()),
                         filters=filters, object_type=spec.object_type)


def _apply_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _threshold(request) -> Decimal:
    try:
        value = Decimal(request.GET.get("nguong", "") or readiness.CONNECTIVITY_THRESHOLD)
    except InvalidOperation:
        return readiness.CONNECTIVITY_THRESHOLD
    return min(max(value, Decimal(0)), Decimal(readiness.CONNECTIVITY_MAX))


def _commune_for_form(request, form, scope):
    """The commune a form is about: the user's own, or the one they named by code within their territory."""
    if scope.is_commune:
        return scope.agency.commune
    code = (form.cleaned_data.get("commune_code") or "").strip()
    commune = visible_communes(request.user).filter(code=code).first()
    if commune is None:
        form.add_error("commune_code", _("Không có xã, phường, đặc khu mã “%(code)s” trong phạm vi của bạn.")
                       % {"code": code})
    return commune


def _filters(request, *names) -> dict:
    return {name: request.GET.get(name, "")[:100] for name in names}
