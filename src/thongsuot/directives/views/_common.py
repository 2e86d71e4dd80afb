"""Directives views: helpers shared by the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from thongsuot.accounts.permissions import get_visible_or_404
from thongsuot.core.errors import DomainError
from thongsuot.directives import selectors


def _fail(form, error: DomainError):
    """Show a service's refusal on the form: on its field when the form has one, else on top."""
    if error.code == "forbidden":
        raise PermissionDenied(error.message)
    form.add_error(error.field if error.field in form.fields else None, error.message)

def _directive(request, pk):
    return get_visible_or_404(selectors.directive_list(user=request.user), pk=pk)

def _assignment(request, pk):
    return get_visible_or_404(selectors.assignment_list(user=request.user), pk=pk)

def _report(request, pk):
    return get_visible_or_404(selectors.report_list(user=request.user), pk=pk)
