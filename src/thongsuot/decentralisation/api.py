from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.decentralisation import selectors, services
from thongsuot.decentralisation import serializers as s
from thongsuot.decentralisation.forms import TaskFilterForm


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
        data = s.TaskStateWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.task_state_set(actor=request.user, task=task, **data.validated_data)
        return Response(s.TaskStateSerializer(row).data)
