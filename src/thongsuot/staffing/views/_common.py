"""Staffing views: helpers shared by the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thongsuot.accounts.permissions import scope_of
from thongsuot.core.errors import DomainError
from thongsuot.staffing.permissions import may_see_names


def _scope(request):
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    return scope

def _fail(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)

def _require_names(request):
    if not may_see_names(request.user):
        raise PermissionDenied
