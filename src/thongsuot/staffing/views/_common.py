"""Staffing views: what the pages share."""

from django.http import Http404
from django.urls import reverse_lazy

from thongsuot.staffing.permissions import may_see_counts

#: Simple form pages use the platform's one page around a form.
FORM_PAGE = "core/form_page.html"
OVERVIEW = reverse_lazy("staffing:overview")


def counts_or_404(user) -> None:
    """The staffing pages are for users of an agency; others find nothing here."""
    if not may_see_counts(user):
        raise Http404
