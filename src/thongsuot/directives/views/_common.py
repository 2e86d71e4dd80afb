"""Directives views: helpers shared by the pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from thongsuot.directives import services


def withdrawn(request, record):
    """A withdrawn task is read-only: say so and go back to the record."""
    messages.error(request, _(services.TASK_WITHDRAWN))
    return redirect(record)


