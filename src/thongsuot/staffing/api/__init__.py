"""REST endpoints for staffing: the same selectors, services and permission rules as the pages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.accounts.permissions import visible_provinces
from thongsuot.core.apiviews import validated
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.params import query_str, query_year
from thongsuot.core.resubmission import SUBMISSION_KEY, created_status, request_key
from thongsuot.core.versioning import sent_version
from thongsuot.core.vocabulary import StaffField
from thongsuot.staffing import selectors, services
from thongsuot.staffing.forms import CommuneFilterForm, MemberFilterForm, ShortageFilterForm
from thongsuot.staffing.permissions import (
    may_add_course,
    may_add_policy,
    may_edit_policy,
    may_manage_province,
)
from thongsuot.staffing.serializers import (
    ActionSerializer,
    CourseSerializer,
    DecisionSerializer,
    EnrollmentCreateSerializer,
    EnrollmentSerializer,
    EnrollmentStatusSerializer,
    FieldSummarySerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MoveSerializer,
    OrgUnitCreateSerializer,
    OrgUnitSerializer,
    PolicySerializer,
    PolicyUpdateSerializer,
    QuotaOverrideSerializer,
    QuotaResetSerializer,
    QuotaRuleSerializer,
    QuotaSerializer,
    RecruitSerializer,
    TravelCostSerializer,
)

TAGS = ["staffing"]
REPLAYED = ("Lần gửi đầu: 201. Gửi lại cùng khóa (Idempotency-Key hoặc submission_key): 200 với bản ghi "
            "đã tạo lần đầu, không tạo bản ghi thứ hai.")
STALE = "Gửi kèm `version` đã đọc; người khác đã sửa sau đó: 409, không ghi đè."


def _bands(data):
    return [(b["min_km"], b["max_km"], b["amount"]) for b in data]


SHORTAGE_PARAMS = [OpenApiParameter(name, str, description=description) for name, description in (
    ("province", "Mã tỉnh (2 chữ số)."), ("field", "Lĩnh vực: " + ", ".join(StaffField.values)),
    ("kind", "xa, phuong, dac_khu"), ("mountainous", "1 = miền núi, 0 = khác"), ("q", "Tên xã (không dấu cũng được)."),
    ("sort", "gap | commune | field | province"), ("all", "1 = cả lĩnh vực đủ người"))]


@extend_schema(parameters=SHORTAGE_PARAMS, tags=TAGS)
class ShortageList(generics.ListAPIView):
    """Commune × field rows with a shortage (gap = quota − active staff), for the user's territory."""

    serializer_class = QuotaSerializer

    def get_queryset(self):
        user = self.request.user
        provinces = None if selectors.own_commune(user) else visible_provinces(user)
        form = ShortageFilterForm.for_api(self.request.query_params, provinces=provinces)
        return selectors.shortage_list(user=user, filters=form.values())


@extend_schema(parameters=[OpenApiParameter("commune", str, description="Mã xã.")], tags=TAGS)
class QuotaList(generics.ListAPIView):
    serializer_class = QuotaSerializer

    def get_queryset(self):
        rows = selectors.quota_list(user=self.request.user).select_related("commune", "province")
        commune = CommuneFilterForm.for_api(self.request.query_params).values().get("commune")
        if commune:
            rows = rows.filter(commune__code=commune)
        return rows.order_by("commune__code", "field")


class QuotaOverride(APIView):
    @extend_schema(request=QuotaOverrideSerializer, responses=QuotaSerializer, tags=TAGS, description=STALE)
    def post(self, request, pk: int):
        """Set a field's headcount for a commune (province only), with its reason; audited."""
        quota = selectors.access_quota(request.user, pk)
        if not may_manage_province(request.user, quota.province_id):
            raise Forbidden(_("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã."))
        data = validated(QuotaOverrideSerializer, request)
        quota = services.quota_override(actor=request.user, quota=quota, **data)
        return Response(QuotaSerializer(quota).data)


class QuotasRecompute(APIView):
    @extend_schema(request=None, responses=QuotaSerializer(many=True), tags=TAGS)
    def post(self, request, code: str):
        """Apply the default rule to a commune again (province only); overridden fields keep their figure."""
        commune = selectors.access_commune(request.user, code)
        if not may_manage_province(request.user, commune.province_id):
            raise Forbidden(_("Chỉ cấp tỉnh mới được tính lại định biên."))
        services.quotas_recompute(actor=request.user, commune=commune)
        rows = selectors.quota_list(user=request.user).filter(commune=commune).select_related("commune", "province")
        return Response(QuotaSerializer(rows.order_by("field"), many=True).data)


class QuotaReset(APIView):
    @extend_schema(request=QuotaResetSerializer, responses=QuotaSerializer, tags=TAGS, description=STALE)
    def post(self, request, pk: int):
        """Return a field's headcount to the default rule (province only), from the version read."""
        quota = selectors.access_quota(request.user, pk)
        if not may_manage_province(request.user, quota.province_id):
            raise Forbidden(_("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã."))
        data = validated(QuotaResetSerializer, request)
        return Response(QuotaSerializer(services.quota_reset(actor=request.user, quota=quota,
                                                             **data)).data)


@extend_schema(parameters=[OpenApiParameter("province", str, description="Mã tỉnh.")],
               responses=FieldSummarySerializer(many=True), tags=TAGS)
class FieldSummary(APIView):
    def get(self, request):
        province_id = None
        if request.query_params.get("province"):
            province_id = selectors.access_province(request.user, request.query_params["province"]).pk
        return Response(FieldSummarySerializer(selectors.field_summary(user=request.user, province_id=province_id),
                                               many=True).data)


MEMBER_PARAMS = [OpenApiParameter(name, str) for name in ("q", "field", "category", "status", "commune")]


@extend_schema(tags=TAGS)
class MemberList(generics.ListCreateAPIView):
    """Staff by name — for the commune that employs them and its province only."""

    serializer_class = MemberSerializer

    @extend_schema(parameters=MEMBER_PARAMS)
    def get(self, request, *args, **kwargs):
        selectors.require_names(request.user)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.member_list(user=self.request.user,
                                     filters=MemberFilterForm.for_api(self.request.query_params).values())

    @extend_schema(request=RecruitSerializer, responses={201: MemberSerializer, 200: MemberSerializer},
                   description=REPLAYED)
    def post(self, request, *args, **kwargs):
        """Recruit (or take on under a labour contract) into a commune, or at the province without one."""
        selectors.require_names(request.user)
        values = validated(RecruitSerializer, request, context={"request": request})
        key = request_key(request, values)
        commune = values.pop("commune", None) or selectors.own_commune(request.user)
        province = commune.province if commune else selectors.own_province(request.user)
        if province is None:
            raise DomainError(_("Cần mã xã, phường (trường commune)."), field="commune")
        member = services.staff_recruit(actor=request.user, province=province, commune=commune, submission_key=key,
                                        **values)
        return Response(MemberSerializer(member).data, status=created_status(member))


@extend_schema(tags=TAGS)
class MemberDetail(APIView):
    @extend_schema(responses=MemberSerializer)
    def get(self, request, pk: int):
        return Response(MemberSerializer(selectors.access_member(request.user, pk)).data)

    @extend_schema(request=MemberUpdateSerializer, responses=MemberSerializer, description=STALE)
    def patch(self, request, pk: int):
        member = selectors.access_member(request.user, pk)
        values = validated(MemberUpdateSerializer, request, partial=True)
        member = services.staff_update(actor=request.user, member=member, version=sent_version(values), **values)
        return Response(MemberSerializer(member).data)


@extend_schema(tags=TAGS)
class MemberMove(APIView):
    @extend_schema(request=MoveSerializer, responses={201: ActionSerializer, 200: ActionSerializer},
                   description=REPLAYED)
    def post(self, request, pk: int):
        """Transfer, rotate or second a person within the province (province only)."""
        member = selectors.access_member(request.user, pk)
        values = validated(MoveSerializer, request, context={"request": request})
        action = services.staff_move(actor=request.user, member=member, submission_key=request_key(request, values),
                                     **values)
        return Response(ActionSerializer(action).data, status=created_status(action))


@extend_schema(tags=TAGS)
class MemberLeave(APIView):
    @extend_schema(request=DecisionSerializer, responses={201: ActionSerializer, 200: ActionSerializer},
                   description=REPLAYED)
    def post(self, request, pk: int):
        member = selectors.access_member(request.user, pk)
        values = validated(DecisionSerializer, request)
        action = services.staff_leave(actor=request.user, member=member, submission_key=request_key(request, values),
                                      **values)
        return Response(ActionSerializer(action).data, status=created_status(action))


@extend_schema(tags=TAGS)
class ActionList(generics.ListAPIView):
    serializer_class = ActionSerializer

    def get(self, request, *args, **kwargs):
        selectors.require_names(request.user)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.action_list(user=self.request.user)


@extend_schema(parameters=[OpenApiParameter("commune", str, description="Mã xã.")], tags=TAGS)
class OrgUnitList(generics.ListAPIView):
    serializer_class = OrgUnitSerializer

    def get_queryset(self):
        units = selectors.org_unit_list(user=self.request.user).select_related("commune")
        commune = CommuneFilterForm.for_api(self.request.query_params).values().get("commune")
        if commune:
            units = units.filter(commune__code=commune)
        return units.order_by("commune__code", "order", "id")

    @extend_schema(request=OrgUnitCreateSerializer, responses={201: OrgUnitSerializer, 200: OrgUnitSerializer},
                   description=REPLAYED)
    def post(self, request):
        values = validated(OrgUnitCreateSerializer, request, context={"request": request})
        unit = services.org_unit_create(actor=request.user, submission_key=request_key(request, values), **values)
        return Response(OrgUnitSerializer(unit).data, status=created_status(unit))


@extend_schema(tags=TAGS)
@extend_schema_view(post=extend_schema(responses={201: CourseSerializer, 200: CourseSerializer},
                                       description=REPLAYED))
class CourseList(generics.ListCreateAPIView):
    serializer_class = CourseSerializer

    def get_queryset(self):
        return selectors.course_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not may_add_course(request.user):
            raise Forbidden(_("Chỉ cấp tỉnh hoặc cấp xã tổ chức khóa đào tạo."))
        values = validated(CourseSerializer, request)
        course = services.course_create(actor=request.user, province=selectors.own_province(request.user),
                                        commune=selectors.own_commune(request.user),
                                        submission_key=request_key(request, values), **values)
        return Response(CourseSerializer(course).data, status=created_status(course))


@extend_schema(tags=TAGS)
class CourseEnrollments(APIView):
    @extend_schema(responses=EnrollmentSerializer(many=True))
    def get(self, request, pk: int):
        course = selectors.access_course(request.user, pk)
        return Response(EnrollmentSerializer(selectors.enrollment_list(user=request.user, course=course),
                                             many=True).data)

    @extend_schema(request=EnrollmentCreateSerializer, responses={201: EnrollmentSerializer})
    def post(self, request, pk: int):
        course = selectors.access_course(request.user, pk)
        data = validated(EnrollmentCreateSerializer, request)
        member = selectors.access_member(request.user, data["member"])
        enrollment = services.enrollment_create(actor=request.user, course=course, member=member)
        return Response(EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class EnrollmentStatus(APIView):
    @extend_schema(request=EnrollmentStatusSerializer, responses=EnrollmentSerializer)
    def post(self, request, pk: int):
        enrollment = selectors.access_enrollment(request.user, pk)
        data = validated(EnrollmentStatusSerializer, request)
        enrollment = services.enrollment_set_status(actor=request.user, enrollment=enrollment,
                                                    **data)
        return Response(EnrollmentSerializer(enrollment).data)


@extend_schema(tags=TAGS)
@extend_schema_view(post=extend_schema(responses={201: PolicySerializer, 200: PolicySerializer},
                                       description=REPLAYED))
class PolicyList(generics.ListCreateAPIView):
    serializer_class = PolicySerializer

    def get_queryset(self):
        return selectors.policy_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not may_add_policy(request.user):
            raise Forbidden(_("Chỉ cấp tỉnh mới được ban hành chính sách hỗ trợ đi lại."))
        values = validated(PolicySerializer, request)
        policy = services.policy_create(actor=request.user, province=selectors.own_province(request.user),
                                        submission_key=request_key(request, values),
                                        bands=_bands(values.pop("bands")), **values)
        return Response(PolicySerializer(policy).data, status=created_status(policy))


@extend_schema(tags=TAGS)
class PolicyDetail(APIView):
    @extend_schema(responses=PolicySerializer)
    def get(self, request, pk: int):
        return Response(PolicySerializer(selectors.access_policy(request.user, pk)).data)

    @extend_schema(request=PolicyUpdateSerializer, responses=PolicySerializer, description=STALE)
    def put(self, request, pk: int):
        """Change a policy; every member's entitlement in the province is recomputed."""
        policy = selectors.access_policy(request.user, pk)
        if not may_edit_policy(request.user, policy.province_id):
            raise Forbidden(_("Chỉ cấp tỉnh mới được sửa chính sách hỗ trợ đi lại."))
        values = validated(PolicyUpdateSerializer, request)
        values.pop(SUBMISSION_KEY, None)  # a change makes no new record
        policy = services.policy_update(actor=request.user, policy=policy, bands=_bands(values.pop("bands")),
                                        **values)
        return Response(PolicySerializer(policy).data)


@extend_schema(parameters=[OpenApiParameter("province", str, description="Mã tỉnh.", required=True),
                           OpenApiParameter("year", int)], responses=TravelCostSerializer, tags=TAGS)
class TravelCost(APIView):
    def get(self, request):
        params = request.query_params
        province = selectors.access_province(request.user, query_str(params, "province", max_length=2, required=True))
        year = query_year(params, default=timezone.localdate().year)
        return Response(TravelCostSerializer(selectors.travel_cost(user=request.user, province_id=province.pk,
                                                                   year=year)).data)


@extend_schema(tags=TAGS)
class QuotaRuleView(APIView):
    """A province's staffing frame (the national one until the province sets its own)."""

    def _province(self, request, code):
        return selectors.access_province(request.user, code)

    def _data(self, province):
        params = services.quota_params(province.pk)
        return {"province_code": province.code, **{n: getattr(params, n) for n in services.QUOTA_PARAM_FIELDS},
                "version": services.quota_rule_version(province.pk)}

    @extend_schema(responses=QuotaRuleSerializer)
    def get(self, request, code: str):
        return Response(QuotaRuleSerializer(self._data(self._province(request, code))).data)

    @extend_schema(request=QuotaRuleSerializer, responses=QuotaRuleSerializer, description=STALE)
    def put(self, request, code: str):
        """Set the frame; every commune's default quotas are recomputed (overrides are kept)."""
        province = self._province(request, code)
        data = validated(QuotaRuleSerializer, request)
        services.quota_rule_set(actor=request.user, province=province, **data)
        return Response(QuotaRuleSerializer(self._data(province)).data)
