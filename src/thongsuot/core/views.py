from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def set_language(request, code):
    """Show the site in another language from now on, and go back where the visitor was.

    The footer's links, one per language written in its own name ("English", "Tiếng Việt"). A link
    rather than Django's POST form: choosing a language changes nothing but how this browser shows
    the site, and without a form a public page carries no per-visitor CSRF token, so it can be
    served from a layout rendered once (core.layout). The cookie is SameSite=Lax, so only following
    the link itself — not an image or a request from another site — can set it.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    response["Cache-Control"] = "no-store"
    return response


def _api_error(request, status: int, code: str, message) -> JsonResponse | None:
    """Under /api/ an error is the API's JSON body (as `api.errors` answers), not the HTML page:
    a URL no route matches, a 500, or a refusal raised outside a DRF view."""
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse({"detail": str(message), "code": code}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def error_404(request, exception=None):
    if api := _api_error(request, 404, "not_found", _("Không tìm thấy.")):
        return api
    return render(request, "core/error.html", {"code": 404, "title": _("Không tìm thấy trang"),
                  "message": _("Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc bạn không có quyền xem.")}, status=404)


def error_403(request, exception=None):
    # A refusal raised with its reason (core.errors.Forbidden) shows that reason; a bare one the general text.
    message = getattr(exception, "message", "") or _("Bạn không có quyền thực hiện thao tác này.")
    if api := _api_error(request, 403, "permission_denied", message):
        return api
    return render(request, "core/error.html", {"code": 403, "title": _("Không có quyền truy cập"),
                  "message": message}, status=403)


def error_400(request, exception=None):
    if api := _api_error(request, 400, "invalid", _("Yêu cầu gửi lên không hợp lệ. Vui lòng kiểm tra lại.")):
        return api
    return render(request, "core/error.html", {"code": 400, "title": _("Yêu cầu không hợp lệ"),
                  "message": _("Yêu cầu gửi lên không hợp lệ. Vui lòng kiểm tra lại.")}, status=400)


def error_500(request):
    if api := _api_error(request, 500, "error", _("Hệ thống gặp sự cố. Xin thử lại sau ít phút; nếu vẫn lỗi, "
                                                  "hãy báo cho quản trị viên.")):
        return api
    # No context processors can be trusted here: render with the bare template.
    return render(request, "core/error.html", {"code": 500, "title": _("Lỗi hệ thống"),
                  "message": _("Hệ thống gặp sự cố. Xin thử lại sau ít phút; nếu vẫn lỗi, "
                               "hãy báo cho quản trị viên.")}, status=500)


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"code": 403, "title": _("Phiên làm việc đã hết hạn"),
                  "message": _("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.")},
                  status=403)
