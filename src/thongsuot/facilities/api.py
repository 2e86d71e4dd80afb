"""REST endpoints of the facilities app: the same selectors, services and rules as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.apiviews import RecordDetail, validated
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.resubmission import created_status, request_key
from thongsuot.core.uploads import validate_upload
from thongsuot.core.versioning import sent_version
from thongsuot.facilities import filters, permissions, readiness, selectors, services
from thongsuot.facilities.serializers import (
    ConnectivitySerializer,
    ConnectivityWriteSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    EquipmentSerializer,
    EquipmentWriteSerializer,
    FacilityPatchSerializer,
    FacilitySerializer,
    FacilityWriteSerializer,
    MoveSerializer,
    OutageCloseSerializer,
    OutageSerializer,
    OutageWriteSerializer,
    PlanApproveSerializer,
    PlanCancelSerializer,
    PlanCompleteSerializer,
    PlanProposeSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    PlatformSerializer,
    PlatformWriteSerializer,
    ProcurementSerializer,
    ProcurementWriteSerializer,
    ReadinessSerializer,
    SummarySerializer,
)

TAGS = ["facilities"]
REPLAYED = ("Lần gửi đầu: 201. Gửi lại cùng khóa (Idempotency-Key hoặc submission_key): 200 với bản ghi "
            "đã tạo lần đầu, không tạo bản ghi thứ hai.")
STALE = "Gửi kèm `version` đã đọc; người khác đã sửa sau đó: 409, không ghi đè."


def _commune(request, data: dict):
    """The commune a write is about: the user's own, or one of their territory named by code."""
    return selectors.commune_for(request.user, data.pop("commune", ""))


def _create(request, write_serializer, service, read_serializer) -> Response:
    """Create a commune's record once per submission key (the Idempotency-Key header or the body's
    submission_key): 201 the first time, 200 with the same record for a resend."""
    data = validated(write_serializer, request)
    commune = _commune(request, data)
    key = request_key(request, data)
    record = service(actor=request.user, commune=commune, submission_key=key, **data)
    return Response(read_serializer(record).data, status=created_status(record))


# ---------------------------------------------------------------- serializers


# ---------------------------------------------------------------- views

PROVINCE = OpenApiParameter("province", str, description="Mã tỉnh (2 chữ số).")
COMMUNE = OpenApiParameter("commune", str, description="Mã xã (5 chữ số).")


def _filters(request, filter_class) -> dict:
    """A list's filters as its selector takes them, read strictly: an invalid one answers 400 naming it."""
    return filter_class.for_api(request.query_params).selector_args()


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE, OpenApiParameter("status", str),
                                      OpenApiParameter("plan_state", str), OpenApiParameter("search", str)])
class FacilityList(generics.ListCreateAPIView):
    serializer_class = FacilitySerializer

    def get_queryset(self):
        return selectors.facility_list(user=self.request.user, **_filters(self.request, filters.FacilityFilter))

    @extend_schema(request=FacilityWriteSerializer, responses={201: FacilitySerializer, 200: FacilitySerializer},
                   description=REPLAYED)
    def post(self, request):
        return _create(request, FacilityWriteSerializer, services.facility_create, FacilitySerializer)


@extend_schema(tags=TAGS)
class FacilityDetail(RecordDetail):
    serializer_class = FacilitySerializer
    access = selectors.access_facility

    @extend_schema(request=FacilityPatchSerializer, responses=FacilitySerializer,
                   description=STALE)
    def patch(self, request, pk):
        facility = self.get_object()
        data = validated(FacilityPatchSerializer, request, partial=True)
        facility = services.facility_update(actor=request.user, facility=facility, version=sent_version(data), **data)
        return Response(FacilitySerializer(facility).data)


@extend_schema(tags=TAGS)
class FacilityDocuments(generics.ListAPIView):
    """Photos and documents of a premises; upload one as multipart (checked by content)."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None

    def _facility(self):
        return selectors.access_facility(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        return self._facility().documents.all()

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer}, responses={201: DocumentSerializer})
    def post(self, request, pk):
        facility = self._facility()
        data = validated(DocumentUploadSerializer, request)
        try:
            mime = validate_upload(data["file"])
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="file") from None
        document = services.facility_document_add(actor=request.user, facility=facility, upload=data["file"],
                                                  content_type=mime, title=data["title"])
        return Response(DocumentSerializer(document).data, status=201)


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE, OpenApiParameter("state", str),
                                      OpenApiParameter("method", str)])
class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user, **_filters(self.request, filters.PlanFilter)
                                   ).prefetch_related("events__actor")


@extend_schema(tags=TAGS, request=PlanProposeSerializer, responses={201: PlanSerializer})
class PlanPropose(APIView):
    def post(self, request, pk):
        facility = selectors.access_facility(request.user, pk)
        plan = services.handling_plan_propose(actor=request.user, facility=facility,
                                              **validated(PlanProposeSerializer, request))
        return Response(PlanSerializer(plan).data, status=201)


PLAN_ACTIONS = {
    "approve": (PlanApproveSerializer, services.handling_plan_approve),
    "complete": (PlanCompleteSerializer, services.handling_plan_complete),
    "cancel": (PlanCancelSerializer, services.handling_plan_cancel),
}


@extend_schema(tags=TAGS)
class PlanDetail(RecordDetail):
    serializer_class = PlanSerializer
    access = selectors.access_plan

    @extend_schema(request=PlanUpdateSerializer, responses=PlanSerializer, summary="Sửa phương án đang đề xuất",
                   description=STALE)
    def put(self, request, pk):
        plan = services.handling_plan_update(actor=request.user, plan=self.get_object(),
                                             **validated(PlanUpdateSerializer, request))
        return Response(PlanSerializer(plan).data)


def _plan_action(name):
    serializer_class, service = PLAN_ACTIONS[name]

    @extend_schema(tags=TAGS, request=serializer_class, responses=PlanSerializer,
                   summary={"approve": "Ghi nhận quyết định phê duyệt (lãnh đạo cấp tỉnh)",
                            "complete": "Ghi nhận hoàn thành xử lý", "cancel": "Hủy phương án"}[name])
    class PlanAction(APIView):
        def post(self, request, pk):
            plan = selectors.access_plan(request.user, pk)
            plan = service(actor=request.user, plan=plan, **validated(serializer_class, request))
            return Response(PlanSerializer(plan).data)

    PlanAction.__name__ = f"Plan{name.title()}"
    return PlanAction


PlanApprove, PlanComplete, PlanCancel = (_plan_action(n) for n in ("approve", "complete", "cancel"))


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE, OpenApiParameter("category", str)])
class EquipmentList(generics.ListCreateAPIView):
    serializer_class = EquipmentSerializer

    def get_queryset(self):
        return selectors.equipment_list(user=self.request.user, **_filters(self.request, filters.EquipmentFilter))

    @extend_schema(request=EquipmentWriteSerializer, responses=EquipmentSerializer,
                   summary="Ghi số cần có và hiện có của một loại thiết bị")
    def post(self, request):
        data = validated(EquipmentWriteSerializer, request)
        need = services.equipment_need_set(actor=request.user, commune=_commune(request, data),
                                           **data)
        return Response(EquipmentSerializer(need).data)


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE, OpenApiParameter("state", str)])
class ProcurementList(generics.ListCreateAPIView):
    serializer_class = ProcurementSerializer

    def get_queryset(self):
        return selectors.procurement_list(user=self.request.user,
                                          **_filters(self.request, filters.ProcurementFilter))

    @extend_schema(request=ProcurementWriteSerializer,
                   responses={201: ProcurementSerializer, 200: ProcurementSerializer}, description=REPLAYED)
    def post(self, request):
        return _create(request, ProcurementWriteSerializer, services.procurement_request_create, ProcurementSerializer)


@extend_schema(tags=TAGS, request=MoveSerializer, responses=ProcurementSerializer)
class ProcurementMove(APIView):
    def post(self, request, pk):
        item = selectors.access_procurement(request.user, pk)
        data = validated(MoveSerializer, request)
        item = services.procurement_request_move(actor=request.user, request=item, to_state=data["to"],
                                                 note=data["note"])
        return Response(ProcurementSerializer(item).data)


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE])
class ConnectivityList(generics.ListAPIView):
    serializer_class = ConnectivitySerializer

    def get_queryset(self):
        return selectors.connectivity_list(user=self.request.user, **_filters(self.request, filters.PlaceFilter))


@extend_schema(tags=TAGS)
class ConnectivityDetail(APIView):
    @extend_schema(responses=ConnectivitySerializer)
    def get(self, request, code):
        row = selectors.access_connectivity(request.user, code)
        return Response(ConnectivitySerializer(row).data)

    @extend_schema(request=ConnectivityWriteSerializer, responses=ConnectivitySerializer,
                   description=STALE + " Chưa có kết nối nào được ghi: version 0.")
    def put(self, request, code):
        commune = selectors.access_commune(request.user, code)
        row = services.connectivity_set(actor=request.user, commune=commune,
                                        **validated(ConnectivityWriteSerializer, request))
        return Response(ConnectivitySerializer(row).data)


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE, OpenApiParameter("ongoing", bool)])
class OutageList(generics.ListCreateAPIView):
    serializer_class = OutageSerializer

    def get_queryset(self):
        return selectors.outage_list(user=self.request.user, **_filters(self.request, filters.OutageFilter))

    @extend_schema(request=OutageWriteSerializer, responses={201: OutageSerializer, 200: OutageSerializer},
                   description=REPLAYED)
    def post(self, request):
        return _create(request, OutageWriteSerializer, services.outage_record, OutageSerializer)


@extend_schema(tags=TAGS, request=OutageCloseSerializer, responses=OutageSerializer)
class OutageClose(APIView):
    def post(self, request, pk):
        outage = selectors.access_outage(request.user, pk)
        outage = services.outage_close(actor=request.user, outage=outage, **validated(OutageCloseSerializer, request))
        return Response(OutageSerializer(outage).data)


@extend_schema(tags=TAGS, parameters=[PROVINCE, COMMUNE])
class PlatformList(generics.ListCreateAPIView):
    serializer_class = PlatformSerializer

    def get_queryset(self):
        return selectors.platform_list(user=self.request.user, **_filters(self.request, filters.PlaceFilter))

    @extend_schema(request=PlatformWriteSerializer, responses=PlatformSerializer)
    def post(self, request):
        data = validated(PlatformWriteSerializer, request)
        platform = services.platform_set(actor=request.user, commune=_commune(request, data),
                                         **data)
        return Response(PlatformSerializer(platform).data)


@extend_schema(tags=TAGS, parameters=[PROVINCE, OpenApiParameter("no_vehicle", bool),
                                      OpenApiParameter("below_threshold", bool)])
class ReadinessList(generics.ListAPIView):
    """Communes' readiness, the least ready first (formula: docs/facilities.md)."""

    serializer_class = ReadinessSerializer

    def get_queryset(self):
        return selectors.readiness_list(user=self.request.user, **_filters(self.request, filters.ReadinessFilter))


@extend_schema(tags=TAGS, parameters=[PROVINCE], responses=SummarySerializer)
class Summary(APIView):
    """Surplus premises handled and remaining (by method and deadline) and readiness figures."""

    def get(self, request):
        if not permissions.may_see_facilities(request.user):
            raise Forbidden()
        province = request.query_params.get("province", "")[:2]
        summary = selectors.readiness_summary(user=request.user, province=province)
        summary["average"] = round(float(summary["average"]), 1) if summary["average"] is not None else None
        body = {"surplus": selectors.surplus_summary(user=request.user, province=province),
                "readiness": summary, "connectivity_threshold": readiness.CONNECTIVITY_THRESHOLD}
        if not province and permissions.may_see_nation(request.user):
            body["provinces"] = [
                {"code": r["province"].code, "name": r["province"].name, "communes": r["communes"],
                 "average": round(float(r["average"] or 0), 1), "surplus": r["surplus"] or 0,
                 "handled": r["handled"] or 0, "remaining": r["remaining"], "no_vehicle": r["no_vehicle"],
                 "below_threshold": r["below_threshold"]}
                for r in selectors.province_table(user=request.user)]
        return Response(body)
