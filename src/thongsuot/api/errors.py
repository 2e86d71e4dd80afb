"""One place that turns errors into JSON with Vietnamese messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thongsuot.core.errors import DomainError

MESSAGES = {
    exceptions.NotAuthenticated: "Bạn cần đăng nhập (gửi kèm token hợp lệ).",
    exceptions.AuthenticationFailed: "Thông tin xác thực không hợp lệ.",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện thao tác này.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.MethodNotAllowed: "Phương thức không được hỗ trợ.",
    exceptions.UnsupportedMediaType: "Định dạng dữ liệu gửi lên không được hỗ trợ.",
    exceptions.ParseError: "Dữ liệu gửi lên không đọc được (JSON không hợp lệ).",
}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": " ".join(exc.messages), "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = {"detail": f"Quá nhiều yêu cầu. Vui lòng thử lại sau {wait} giây.", "code": "throttled"}
        return response
    for kind, message in MESSAGES.items():
        if isinstance(exc, kind):
            response.data = {"detail": message, "code": exc.default_code}
            break
    return response
