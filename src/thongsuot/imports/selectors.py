"""Reads of the import history, scoped: a commune its own imports, a province its territory's, the nation all."""

from django.db.models import QuerySet

from thongsuot.accounts.permissions import get_visible_or_404, scope_filter
from thongsuot.imports.models import ImportRun


def import_run_list(*, user, registry: str = "") -> QuerySet[ImportRun]:
    """Return the imports the user may see, newest first; a ministry sees its own agency's."""
    if not getattr(user, "is_authenticated", False):
        return ImportRun.objects.none()
    runs = scope_filter(user, ImportRun.objects.all()) | ImportRun.objects.filter(user=user)
    if registry:
        runs = runs.filter(registry=registry)
    return runs.select_related("user", "agency", "province", "commune").distinct()


def access_import_run(user, pk) -> ImportRun:
    """Return the import if the user may see it; 404 for a missing and a forbidden one alike."""
    return get_visible_or_404(import_run_list(user=user), pk=pk)
