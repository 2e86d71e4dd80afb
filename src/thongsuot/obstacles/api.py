"""REST endpoints for obstacles: the same selectors, services and rules as the pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.apiviews import validated
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import KEY_HEADER, created_status, request_key
from thongsuot.core.uploads import validate_upload
from thongsuot.obstacles import registries, selectors, services
from thongsuot.obstacles import serializers as s
from thongsuot.obstacles.forms import ObstacleFilterForm
from thongsuot.obstacles.workflow import available_moves

FILTERS = [
    OpenApiParameter("status", str), OpenApiParameter("domain", str), OpenApiParameter("level", str),
    OpenApiParameter("province", str, description="Mã tỉnh (2 chữ số)."),
    OpenApiParameter("commune", str, description="Mã xã (5 chữ số)."),
    OpenApiParameter("overdue", bool), OpenApiParameter("open", bool),
    OpenApiParameter("due_before", str, description="YYYY-MM-DD"),
    OpenApiParameter("q", str, description="Tìm không phân biệt dấu."),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
]


def _detail(request, obstacle):
    obstacle = selectors.access_obstacle(request.user, obstacle.pk)
    obstacle.next_actions = [action for action, _move in available_moves(obstacle, request.user)]
    obstacle.sent_requests = list(selectors.case_requests(obstacle))
    return s.ObstacleDetailSerializer(obstacle).data


def _case_and_input(request, pk, serializer_class) -> tuple:
    """The case the caller may see (else 404) and the request's validated body (else 400)."""
    obstacle = selectors.access_obstacle(request.user, pk)
    return obstacle, validated(serializer_class, request)


def _checked_file(upload):
    if upload is None:
        return None
    try:
        validate_upload(upload)
    except ValidationError as exc:
        raise DRFValidationError({"file": exc.messages}) from exc
    return upload


@extend_schema(tags=["obstacles"])
class ObstacleListCreate(generics.ListCreateAPIView):
    serializer_class = s.ObstacleSerializer

    def get_queryset(self):
        filters = ObstacleFilterForm.for_api(self.request.query_params).values()
        return selectors.obstacle_list(user=self.request.user, filters=filters)

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ObstacleCreateSerializer, responses={201: s.ObstacleSerializer, 200: s.ObstacleSerializer},
                   parameters=[OpenApiParameter(KEY_HEADER, str, OpenApiParameter.HEADER, required=False)])
    def post(self, request, *args, **kwargs):
        values = validated(s.ObstacleCreateSerializer, request)
        key = request_key(request, values)
        obstacle = services.obstacle_create(actor=request.user, submission_key=key, require_subject=True, **values)
        return Response(s.ObstacleSerializer(obstacle).data, status=created_status(obstacle))


@extend_schema(tags=["obstacles"])
class ObstacleDetail(APIView):
    @extend_schema(responses=s.ObstacleDetailSerializer)
    def get(self, request, pk: int):
        return Response(_detail(request, selectors.access_obstacle(request.user, pk)))


@extend_schema(tags=["obstacles"])
class ObstacleQueue(generics.ListAPIView):
    """The cases whose turn it is for the caller's agency."""

    serializer_class = s.ObstacleSerializer

    def get_queryset(self):
        return selectors.waiting_for_us(user=self.request.user)


@extend_schema(tags=["obstacles"])
class ObstacleOverview(APIView):
    @extend_schema(responses=s.OverviewSerializer)
    def get(self, request):
        counts = selectors.counts(user=request.user)
        by_province = selectors.counts_by_province(user=request.user)  # none for a commune
        as_dicts = {key: [{"value": v, "label": str(label), "count": n} for v, label, n in counts[key]]
                    for key in ("by_status", "by_domain", "by_level")}
        return Response({"total": counts["total"], "open": counts["open"], "overdue": counts["overdue"],
                         **as_dicts, "by_province": by_province})


@extend_schema(tags=["obstacles"])
class ObstacleTransition(APIView):
    """Acknowledge, start, return, resubmit, resolve, close or reopen (with the version you read)."""

    @extend_schema(request=s.TransitionSerializer, responses=s.ObstacleDetailSerializer)
    def post(self, request, pk: int):
        obstacle, values = _case_and_input(request, pk, s.TransitionSerializer)
        obstacle = services.obstacle_transition(actor=request.user, obstacle=obstacle, **values)
        return Response(_detail(request, obstacle))


@extend_schema(tags=["obstacles"])
class ObstacleResolutionRecords(APIView):
    """The registry records of the case's commune the caller may name as what settled it (send their
    `token` in `links` with the “resolve” transition); empty when the caller may not resolve it now."""

    @extend_schema(responses=s.ResolutionCandidateSerializer(many=True))
    def get(self, request, pk: int):
        obstacle = selectors.access_obstacle(request.user, pk)
        if "resolve" not in {action for action, _move in available_moves(obstacle, request.user)}:
            return Response([])
        candidates = registries.resolution_candidates(request.user, obstacle)
        return Response(s.ResolutionCandidateSerializer(
            [{"token": c.token, "kind": c.kind, "object_id": c.object_id, "label": c.label} for c in candidates],
            many=True).data)


@extend_schema(tags=["obstacles"])
class ObstacleEscalate(APIView):
    """Send the case one level up; from the province up, with the written request (multipart for the file)."""

    @extend_schema(request=s.EscalateSerializer, responses=s.ObstacleDetailSerializer)
    def post(self, request, pk: int):
        obstacle, values = _case_and_input(request, pk, s.EscalateSerializer)
        if obstacle.level != "commune" and not values.get("file"):
            raise DRFValidationError({"file": [_("Cần tệp văn bản đề nghị (bản scan có chữ ký).")]})
        target = (values.pop("to", "") or "").strip()
        ministry, national = None, target == "national"
        if target and not national:
            ministry = Agency.objects.filter(code=target.upper(), level=Level.MINISTRY).first()
            if ministry is None:
                raise DomainError(_("Không có bộ, ngành mã “%(code)s”.") % {"code": target}, field="to")
        obstacle = services.obstacle_escalate(actor=request.user, obstacle=obstacle, to_ministry=ministry,
                                              to_national=national, file=_checked_file(values.pop("file", None)),
                                              content=values.pop("content", "") or "", **values)
        return Response(_detail(request, obstacle))


@extend_schema(tags=["obstacles"])
class ObstacleAnswer(APIView):
    """Answer the open written request (ministry or national level)."""

    @extend_schema(request=s.AnswerRequestSerializer, responses=s.ObstacleDetailSerializer)
    def post(self, request, pk: int):
        obstacle, values = _case_and_input(request, pk, s.AnswerRequestSerializer)
        obstacle = services.obstacle_answer(actor=request.user, obstacle=obstacle,
                                            file=_checked_file(values.pop("file", None)), **values)
        return Response(_detail(request, obstacle))


@extend_schema(tags=["obstacles"])
class ObstacleComment(APIView):
    @extend_schema(request=s.CommentSerializer, responses={201: s.EventSerializer})
    def post(self, request, pk: int):
        obstacle, values = _case_and_input(request, pk, s.CommentSerializer)
        event = services.obstacle_comment(actor=request.user, obstacle=obstacle, **values)
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["obstacles"])
class ObstacleAttachments(APIView):
    """Attach a document to a case (multipart `file`; the type is checked by content)."""

    @extend_schema(request={"multipart/form-data": s.AttachmentUploadSerializer}, responses={201: s.AttachmentSerializer})
    def post(self, request, pk: int):
        obstacle, values = _case_and_input(request, pk, s.AttachmentUploadSerializer)
        attachment = services.obstacle_attach(actor=request.user, obstacle=obstacle,
                                              upload=_checked_file(values["file"]))
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["obstacles"])
class NotificationList(generics.ListAPIView):
    """The caller's notices, newest first (`?unread=1` for unread only)."""

    serializer_class = s.NotificationSerializer

    def get_queryset(self):
        if self.request.query_params.get("unread") in ("1", "true"):
            return selectors.unread_notifications(user=self.request.user).order_by("-created_at", "-id")
        return selectors.notification_list(user=self.request.user)
