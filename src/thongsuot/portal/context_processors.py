from django.conf import settings

from thongsuot.accounts.permissions import scope_of
from thongsuot.core.registry import nav_for


def platform(request):
    scope = scope_of(getattr(request, "user", None))
    return {
        "scope": scope,
        "nav": nav_for(scope) if scope else [],
        "production": settings.PRODUCTION,
    }
