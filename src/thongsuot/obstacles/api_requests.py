"""REST endpoints for written requests (công văn đề nghị): the register (scoped as the page: a ministry
what it received, a province what it sent, the national level everything), one request with its
cases and answers, a draft, the leader's approval, the answer (whole or item by item), and each
recipient's response times. The same selectors, services and rules as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.apiviews import validated
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import KEY_HEADER, created_status, request_key
from thongsuot.obstacles import register, selectors, services
from thongsuot.obstacles import serializers as s
from thongsuot.obstacles.forms import RequestRegisterFilterForm

FILTERS = [
    OpenApiParameter("ministry", str, description="Mã cơ quan nhận (ví dụ BNV, BCD)."),
    OpenApiParameter("province", str, description="Mã tỉnh đề nghị (2 chữ số)."),
    OpenApiParameter("domain", str), OpenApiParameter("state", str, enum=["open", "overdue", "answered", "draft"]),
]
KEY = OpenApiParameter(KEY_HEADER, str, OpenApiParameter.HEADER, required=False)


def _filters(request, *, with_state: bool = True) -> dict:
    part = register.register_scope(request.user)
    return RequestRegisterFilterForm.for_api(request.query_params, part=part, recipients=register.recipients(),
                                             with_state=with_state).values()


def _document(request, doc, status_code=200) -> Response:
    doc = selectors.access_request(request.user, doc.pk)
    context = {"cases": selectors.request_cases(doc), "answers": selectors.request_answers(doc)}
    return Response(s.RequestDocumentSerializer(doc, context=context).data, status=status_code)


@extend_schema(tags=["obstacle requests"])
class RequestListCreate(generics.ListAPIView):
    """The register of written requests (GET) and an officer's draft covering cases (POST)."""

    serializer_class = s.RequestRegisterSerializer

    def get_queryset(self):
        return register.request_register(user=self.request.user, filters=_filters(self.request),
                                         today=services.today())

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.RequestDraftSerializer, responses={201: s.RequestDocumentSerializer,
                                                                  200: s.RequestDocumentSerializer},
                   parameters=[KEY])
    def post(self, request, *args, **kwargs):
        values = validated(s.RequestDraftSerializer, request)
        key = request_key(request, values)
        cases = selectors.draftable_cases(request.user, values["cases"])
        missing = [pk for pk in values["cases"] if pk not in {c.pk for c in cases}]
        if missing:
            raise DomainError(_("Khó khăn số %(id)s không có hoặc không đang chờ cơ quan bạn xử lý.") % {
                "id": missing[0]}, field="cases")
        recipient = selectors.agency_named(values["to"] if values["to"] == "national" else values["to"].upper())
        if recipient is None:
            raise DomainError(_("Không có cơ quan nhận mã “%(code)s”.") % {"code": values["to"]}, field="to")
        doc = services.request_draft(actor=request.user, cases=cases, to_agency=recipient, excerpt=values["excerpt"],
                                     content=values["content"], answer_days=values["answer_days"],
                                     submission_key=key)
        return _document(request, doc, created_status(doc))


@extend_schema(tags=["obstacle requests"])
class RequestDetail(APIView):
    @extend_schema(responses=s.RequestDocumentSerializer)
    def get(self, request, pk: int):
        return _document(request, selectors.access_request(request.user, pk))


@extend_schema(tags=["obstacle requests"])
class RequestApprove(APIView):
    """A leader approves, numbers and signs a draft (with the version read); every covered case moves up."""

    @extend_schema(request=s.RequestApproveSerializer, responses=s.RequestDocumentSerializer)
    def post(self, request, pk: int):
        doc = selectors.access_request(request.user, pk)
        values = validated(s.RequestApproveSerializer, request)
        doc = services.request_approve(actor=request.user, request=doc, **values)
        return _document(request, doc)


@extend_schema(tags=["obstacle requests"])
class RequestAnswer(APIView):
    """The recipient answers: as a whole (`guidance`) or item by item (`case_answers`)."""

    @extend_schema(request=s.RequestAnswerSerializer, responses={201: s.RequestDocumentSerializer,
                                                                   200: s.RequestDocumentSerializer},
                   parameters=[KEY])
    def post(self, request, pk: int):
        doc = selectors.access_request(request.user, pk)
        values = validated(s.RequestAnswerSerializer, request)
        key = request_key(request, values)
        items = values.pop("case_answers")
        case_guidance = {item["case"]: item["guidance"] for item in items} if items else None
        answer = services.request_answer(actor=request.user, request=doc, case_guidance=case_guidance,
                                         submission_key=key, **values)
        return _document(request, doc, created_status(answer))


@extend_schema(tags=["obstacle requests"])
class ResponseTimes(APIView):
    """Each recipient's open, overdue and answered requests, median and 90th-percentile working days."""

    @extend_schema(parameters=FILTERS[:3], responses=s.ResponseTimeSerializer(many=True))
    def get(self, request):
        rows = register.response_times(user=request.user, filters=_filters(request, with_state=False),
                                       today=services.today())
        return Response(s.ResponseTimeSerializer(rows, many=True).data)
