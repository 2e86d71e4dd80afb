from django.contrib.auth import authenticate
from django.db.models import Prefetch
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.accounts import signin
from thongsuot.accounts.permissions import get_visible_or_404, scope_of, visible_agencies
from thongsuot.accounts.selectors import commune_list, province_list
from thongsuot.api import serializers as s
from thongsuot.api.filters import AgencyFilter, CommuneFilter
from thongsuot.api.throttling import TokenThrottle
from thongsuot.audit.services import audit_record
from thongsuot.core import context
from thongsuot.core.apiviews import validated
from thongsuot.core.text import filter_folded
from thongsuot.geo.models import FormerUnit

SEARCH = OpenApiParameter("search", str, description="Tìm không phân biệt dấu, hoa thường (ví dụ: ha noi).")


class TokenView(APIView):
    """Exchange a username and password (and a 2FA code when required) for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenSerializer}, tags=["auth"])
    def post(self, request):
        data = validated(s.TokenRequestSerializer, request)
        username = data["username"].strip()
        attempt = signin.attempt_begin(username, context.client_ip(request))   # before the password check
        if attempt.refused:
            return Response({"detail": f"Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau "
                                       f"{attempt.retry_minutes()} phút.", "code": "throttled"},
                            status=status.HTTP_429_TOO_MANY_REQUESTS)
        user = authenticate(request._request, username=username, password=data["password"])
        if user is None:
            audit_record(actor=None, action="sign_in_failed", object_type="accounts.user", object_repr=username[:150])
            return Response({"detail": "Tên đăng nhập hoặc mật khẩu không đúng.", "code": "invalid_credentials"},
                            status=status.HTTP_400_BAD_REQUEST)
        if signin.has_confirmed_device(user) or signin.requires_two_factor(user):
            code = data.get("otp", "")
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
            if not code or not any(d.verify_token(code) for d in devices):
                return Response({"detail": "Tài khoản này cần mã xác thực hai bước hợp lệ (trường otp).",
                                 "code": "otp_required"}, status=status.HTTP_400_BAD_REQUEST)
        signin.attempt_succeeded(attempt)   # a missing or wrong code above counts as a failed attempt
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(actor=user, action="sign_in", obj=user, changes={"channel": "api"})
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer, tags=["auth"])
    def get(self, request):
        scope = scope_of(request.user)
        return Response(s.MeSerializer({
            "username": request.user.username, "full_name": request.user.display_name,
            "agency": scope.agency if scope else None, "level": scope.level if scope else None,
            "role": scope.role if scope else None}).data)


@extend_schema(parameters=[SEARCH], tags=["geo"])
class ProvinceList(generics.ListAPIView):
    serializer_class = s.ProvinceSerializer

    def get_queryset(self):
        return province_list(user=self.request.user, query=self.request.query_params.get("search", "")[:100])


@extend_schema(tags=["geo"])
class ProvinceDetail(generics.RetrieveAPIView):
    serializer_class = s.ProvinceSerializer
    lookup_field = "code"

    def get_object(self):
        return get_visible_or_404(province_list(user=self.request.user), code=self.kwargs["code"])


@extend_schema(parameters=[SEARCH, OpenApiParameter("province", str, description="Mã tỉnh (2 chữ số)."),
                           OpenApiParameter("kind", str, enum=["xa", "phuong", "dac_khu"])], tags=["geo"])
class CommuneList(generics.ListAPIView):
    serializer_class = s.CommuneSerializer

    def get_queryset(self):
        filters = CommuneFilter.for_api(self.request.query_params).values()
        communes = commune_list(user=self.request.user, query=filters.get("search", ""), kind=filters.get("kind", ""))
        if filters.get("province"):
            communes = communes.filter(province__code=filters["province"])
        return communes


@extend_schema(tags=["geo"])
class CommuneDetail(generics.RetrieveAPIView):
    serializer_class = s.CommuneDetailSerializer

    def get_object(self):
        communes = commune_list(user=self.request.user).prefetch_related(
            Prefetch("former_units", queryset=FormerUnit.objects.order_by("name")))
        return get_visible_or_404(communes, code=self.kwargs["code"])


@extend_schema(parameters=[SEARCH, OpenApiParameter("level", str, enum=["central", "ministry", "province", "commune"])],
               tags=["accounts"])
class AgencyList(generics.ListAPIView):
    serializer_class = s.AgencySerializer

    def get_queryset(self):
        filters = AgencyFilter.for_api(self.request.query_params).values()
        agencies = visible_agencies(self.request.user).select_related("province", "commune", "parent")
        if filters.get("level"):
            agencies = agencies.filter(level=filters["level"])
        if filters.get("search"):
            agencies = filter_folded(agencies, filters["search"])
        return agencies.order_by("level", "code")


@extend_schema(tags=["accounts"])
class AgencyDetail(generics.RetrieveAPIView):
    serializer_class = s.AgencySerializer

    def get_object(self):
        return get_visible_or_404(visible_agencies(self.request.user).select_related("province", "commune", "parent"),
                                  code=self.kwargs["code"])
