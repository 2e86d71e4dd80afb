from django.http import JsonResponse
from django.views.decorators.http import require_safe

from thongsuot.ops.health import health


@require_safe
def healthz(request):
    """Answer a load balancer's probe: 200 while this node can serve, 503 with the reasons when not.

    Open to anyone and over plain HTTP (SECURE_REDIRECT_EXEMPT): it reads no user, session or cookie
    and shows counts and ages only, no personal data.
    """
    report = health()
    response = JsonResponse(report.as_dict(), status=report.http_status, json_dumps_params={"ensure_ascii": False})
    # Every probe must reach the application: no proxy or browser may answer from a copy.
    response["Cache-Control"] = "no-store"
    return response
