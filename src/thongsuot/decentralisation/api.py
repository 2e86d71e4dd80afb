from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.apiviews import validated
from thongsuot.core.errors import Forbidden
from thongsuot.core.resubmission import KEY_HEADER, created_status, request_key
from thongsuot.decentralisation import selectors, services
from thongsuot.decentralisation import serializers as s
from thongsuot.decentralisation.forms import TaskFilterForm
from thongsuot.decentralisation.permissions import may_list_own_states


@extend_schema(tags=["decentralisation"], parameters=[
    OpenApiParameter("q", str), OpenApiParameter("sector", str),
    OpenApiParameter("missing_guidance", bool, description="Chỉ các nhiệm vụ chưa có hướng dẫn.")])
class TaskList(generics.ListAPIView):
    """The catalogue, with how many communes (in the caller's view) are in each state."""

    serializer_class = s.TaskSerializer

    def get_queryset(self):
        return selectors.task_list(user=self.request.user,
                                   filters=TaskFilterForm.for_api(self.request.query_params).values())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        counts = selectors.state_counts(user=request.user, task_ids=[t.pk for t in page])
        return self.get_paginated_response(s.TaskSerializer(page, many=True, context={"counts": counts}).data)


@extend_schema(tags=["decentralisation"])
class TaskState(APIView):
    """The caller's commune's state for a task; PUT to report it (difficult/impossible opens a case)."""

    # {} when the caller has no state for the task (not a commune, or nothing reported yet).
    @extend_schema(responses={200: {"oneOf": [{"$ref": "#/components/schemas/TaskState"},
                                              {"type": "object", "maxProperties": 0}]}})
    def get(self, request, code: str):
        task = selectors.access_task(request.user, code)
        own = selectors.own_state(user=request.user, task=task)
        return Response(s.TaskStateSerializer(own).data if own else {})

    @extend_schema(request=s.TaskStateWriteSerializer, responses=s.TaskStateSerializer)
    def put(self, request, code: str):
        task = selectors.access_task(request.user, code)
        data = validated(s.TaskStateWriteSerializer, request)
        row = services.task_state_set(actor=request.user, task=task, **data)
        return Response(s.TaskStateSerializer(row).data)


@extend_schema(tags=["decentralisation"])
class TaskGuidanceList(APIView):
    """The guidance documents issued for a task (everyone who sees the task); POST: the owning ministry
    records one (multipart with `file`; several per task)."""

    @extend_schema(responses=s.GuidanceSerializer(many=True))
    def get(self, request, code: str):
        task = selectors.access_task(request.user, code)
        return Response(s.GuidanceSerializer(selectors.guidance_list(user=request.user, task=task), many=True).data)

    @extend_schema(request={"multipart/form-data": s.GuidanceWriteSerializer,
                            "application/json": s.GuidanceWriteSerializer},
                   responses={201: s.GuidanceSerializer, 200: s.GuidanceSerializer},
                   parameters=[OpenApiParameter(KEY_HEADER, str, OpenApiParameter.HEADER, required=False)])
    def post(self, request, code: str):
        task = selectors.access_task(request.user, code)
        values = validated(s.GuidanceWriteSerializer, request)
        key = request_key(request, values)
        guidance = services.guidance_record(actor=request.user, task=task, upload=values.pop("file"),
                                            submission_key=key, **values)
        return Response(s.GuidanceSerializer(guidance).data, status=created_status(guidance))


@extend_schema(tags=["decentralisation"])
class TaskTroubles(generics.ListAPIView):
    """The communes within the caller's view that report trouble with the task (difficult or impossible):
    a province its communes, a ministry those of the tasks it owns, the nation all, a commune itself."""

    serializer_class = s.TroubleSerializer

    def get_queryset(self):
        task = selectors.access_task(self.request.user, self.kwargs["code"])
        return selectors.troubled_states(user=self.request.user, task=task)


@extend_schema(tags=["decentralisation"])
class OwnStates(generics.ListAPIView):
    """The caller's commune's own state for each task it reported on (communes only: 403 above)."""

    serializer_class = s.OwnStateSerializer

    def get_queryset(self):
        if not may_list_own_states(self.request.user):
            raise Forbidden(_("Chỉ UBND cấp xã có tình hình thực hiện nhiệm vụ phân cấp của riêng mình."))
        return selectors.own_state_list(user=self.request.user)
