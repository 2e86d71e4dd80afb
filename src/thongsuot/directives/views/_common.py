"""Directives views: helpers shared by the pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.directives import services


def withdrawn(request, record):
    """A withdrawn task is read-only: say so and go back to the record."""
    messages.error(request, _(services.TASK_WITHDRAWN))
    return redirect(record)


def run_and_tell(request, action, success):
    """A one-button action (issue, approve, link): do it, say what happened, never a form page.

    A refusal of the rules shows as an error message; a `Forbidden` answers 403.
    """
    try:
        result = action()
    except Forbidden:
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
