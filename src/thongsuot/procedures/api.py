"""REST endpoints for the catalogue, dossiers, figures and the public lookup (same selectors and services)."""

from __future__ import annotations

from datetime import date

from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder as DRFJSONEncoder
from rest_framework.views import APIView

from thongsuot.core.apiviews import RecordDetail, validated
from thongsuot.core.resubmission import created_status, request_key, serializer_field
from thongsuot.procedures import selectors, services
from thongsuot.procedures.forms import DossierFilterForm, ProcedureFilterForm, default_period
from thongsuot.procedures.models import Channel, Dossier, DossierEvent, Procedure, SimplificationProposal
from thongsuot.procedures.permissions import may_see_applicant
from thongsuot.procedures.throttling import PublicLookupThrottle

TAGS = ["procedures"]

#: The steps a request may record: every event kind but registration, which creating the dossier records.
#: A module constant so that SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] can name its schema enum.
STEP_KINDS = [c for c in DossierEvent.Kind.choices if c[0] != "register"]


class ProcedureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["code", "name", "sector", "time_limit_days", "fee", "fee_note", "online_level", "is_internal",
                  "is_active", "legal_basis", "is_sample"]


class ProposalSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.code", read_only=True)

    class Meta:
        model = SimplificationProposal
        fields = ["id", "procedure", "kind", "content", "state", "decision_note", "proposed_by", "created_at",
                  "decided_at"]
        read_only_fields = ["id", "state", "decision_note", "created_at", "decided_at"]


class ProposalDecisionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=SimplificationProposal.State.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="DossierEvent")
class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = DossierEvent
        fields = ["kind", "from_status", "to_status", "at", "actor", "note", "due_date", "new_appointment",
                  "paused_working_days"]


class DossierSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    commune = serializers.CharField(source="commune.code")
    province = serializers.CharField(source="province.code")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Dossier
        fields = ["code", "procedure", "province", "commune", "channel", "status", "status_label", "registered_at",
                  "received_at", "due_date", "extended_due_date", "paused_since", "paused_days",
                  "supplement_count", "extension_count", "finished_on", "returned_on", "outcome", "version"]


class DossierDetailSerializer(DossierSerializer):
    applicant = serializers.SerializerMethodField()
    events = EventSerializer(many=True)

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "applicant", "events"]

    def get_applicant(self, dossier) -> dict | None:
        if not may_see_applicant(self.context["request"].user, dossier):
            return None
        return {"name": dossier.applicant_name, "phone": dossier.applicant_phone, "email": dossier.applicant_email,
                "address": dossier.applicant_address}


class IntakeSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=32)
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant_name = serializers.CharField(max_length=150)
    applicant_phone = serializers.RegexField(r"^[0-9 +().-]{6,20}$", required=False, allow_blank=True, default="")
    applicant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    applicant_address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    register_only = serializers.BooleanField(required=False, default=False)
    submission_key = serializer_field()

    def validate_procedure(self, code):
        procedure = Procedure.objects.filter(code=code.strip(), is_active=True).first()
        if procedure is None:
            raise serializers.ValidationError(_("Không có thủ tục đang áp dụng với mã này."))
        return procedure


class StepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=STEP_KINDS)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    new_appointment = serializers.DateField(required=False, allow_null=True, default=None)


class FiguresSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    received = serializers.IntegerField()
    received_online = serializers.IntegerField()
    carried_over = serializers.IntegerField()
    to_process = serializers.IntegerField()
    done_early = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    done = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    refused = serializers.IntegerField()
    returned = serializers.IntegerField()
    open_now = serializers.IntegerField()
    open_late_now = serializers.IntegerField()
    open_paused_now = serializers.IntegerField()
    open_on_schedule_now = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    online_rate = serializers.FloatField(allow_null=True)


class PublicStepSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    at = serializers.DateTimeField()
    new_appointment = serializers.DateField(allow_null=True)


class PublicDossierSerializer(serializers.Serializer):
    """What anyone may know about a dossier (documents `selectors.public_lookup`)."""

    code = serializers.CharField()
    procedure = serializers.CharField()
    commune = serializers.CharField()
    province = serializers.CharField()
    status = serializers.IntegerField()
    status_label = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    appointment_date = serializers.DateField(allow_null=True)
    finished_on = serializers.DateField(allow_null=True)
    returned_on = serializers.DateField(allow_null=True)
    steps = PublicStepSerializer(many=True)


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("search", str), OpenApiParameter("sector", str),
                                      OpenApiParameter("online_level", str)])
class ProcedureList(generics.ListAPIView):
    serializer_class = ProcedureSerializer

    def get_queryset(self):
        filters = ProcedureFilterForm.for_api(self.request.query_params).values()
        return selectors.procedure_list(query=filters.get("q", ""), sector=filters.get("sector", ""),
                                        online_level=filters.get("online_level", ""))


@extend_schema(tags=TAGS)
class ProcedureDetail(RecordDetail):
    serializer_class = ProcedureSerializer
    access = selectors.access_procedure
    key = "code"


DOSSIER_FILTERS = [OpenApiParameter(name, str) for name in
                   ("status", "channel", "procedure", "commune", "outcome", "q", "received_from", "received_to",
                    "overdue")]


class ProposalList(generics.ListCreateAPIView):
    """Simplification proposals of one procedure; any officer may file one for their agency."""

    serializer_class = ProposalSerializer

    def get_queryset(self):
        return selectors.proposal_list(procedure=selectors.access_procedure(self.request.user, self.kwargs["code"]))

    @extend_schema(tags=TAGS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=TAGS, request=ProposalSerializer, responses={201: ProposalSerializer})
    def post(self, request, code):
        data = validated(ProposalSerializer, request)
        proposal = services.proposal_create(actor=request.user, procedure=selectors.access_procedure(request.user, code),
                                            kind=data["kind"], content=data["content"])
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ProposalDecide(APIView):
    """Accept, reject or mark implemented a proposal (national leaders)."""

    @extend_schema(tags=TAGS, request=ProposalDecisionSerializer, responses={200: ProposalSerializer})
    def post(self, request, pk):
        proposal = selectors.access_proposal(request.user, pk)
        data = validated(ProposalDecisionSerializer, request)
        proposal = services.proposal_decide(actor=request.user, proposal=proposal, **data)
        return Response(ProposalSerializer(proposal).data)


class DossierList(generics.ListCreateAPIView):
    serializer_class = DossierSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = DossierFilterForm.for_api(params).values()
        filters.update({k: params[k][:40] for k in ("procedure", "outcome") if params.get(k)})
        return selectors.dossier_list(user=self.request.user, filters=filters)

    @extend_schema(tags=TAGS, parameters=DOSSIER_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=TAGS, request=IntakeSerializer,
                   responses={201: DossierDetailSerializer, 200: DossierDetailSerializer},
                   description="Lần gửi đầu: 201. Gửi lại cùng khóa (Idempotency-Key hoặc submission_key): 200 với "
                               "hồ sơ đã tiếp nhận lần đầu, không tạo hồ sơ thứ hai.")
    def post(self, request, *args, **kwargs):
        values = validated(IntakeSerializer, request)
        dossier = services.dossier_intake(actor=request.user, submission_key=request_key(request, values), **values)
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data,
                        status=created_status(dossier))


@extend_schema(tags=TAGS)
class DossierDetail(generics.RetrieveAPIView):
    serializer_class = DossierDetailSerializer

    def get_object(self):
        return selectors.access_dossier(self.request.user, self.kwargs["code"], with_events=True)


class DossierStep(APIView):
    """Take one step of the workflow (the same rules as the pages)."""

    @extend_schema(tags=TAGS, request=StepSerializer, responses={200: DossierDetailSerializer})
    def post(self, request, code):
        dossier = selectors.access_dossier(request.user, code)
        data = validated(StepSerializer, request)
        dossier = services.dossier_transition(actor=request.user, dossier=dossier, **data)
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


class FiguresReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    total = FiguresSerializer()
    rows = FiguresSerializer(many=True)


class FiguresView(APIView):
    @extend_schema(tags=TAGS, responses={200: FiguresReportSerializer}, parameters=[
        OpenApiParameter("start", str, description="YYYY-MM-DD"), OpenApiParameter("end", str),
        OpenApiParameter("group_by", str, enum=["province", "commune"]), OpenApiParameter("province", str)])
    def get(self, request):
        params = request.query_params
        start, end = default_period()
        try:
            start = date.fromisoformat(params["start"]) if params.get("start") else start
            end = date.fromisoformat(params["end"]) if params.get("end") else end
        except ValueError:
            return Response({"detail": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."), "code": "invalid"}, status=400)
        province = selectors.figures_province(request.user, params.get("province", ""))
        group_by = params.get("group_by") if params.get("group_by") in ("province", "commune") else None
        total, rows = selectors.figures(user=request.user, start=start, end=end, group_by=group_by, province=province)
        return Response({"start": start, "end": end, "total": FiguresSerializer(total.as_dict()).data,
                         "rows": FiguresSerializer([r.as_dict() for r in rows], many=True).data})


class PublicLookup(APIView):
    """Look a dossier up by its code: status and dates only. Open to anyone, rate-limited."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [PublicLookupThrottle]
    renderer_classes = [JSONRenderer]          # the one format it answers in: no negotiation, no HTML
    parser_classes = []

    @extend_schema(tags=["public"], responses={200: PublicDossierSerializer})
    def get(self, request, code):
        return self._answer(selectors.public_lookup(code))

    def dispatch(self, request, *args, **kwargs):
        """GET — the call anyone can make many times a second — answers without DRF's request
        wrapping, negotiation and rendering (it is anonymous, read-only and always JSON); the
        same throttle, selector and body as `get`, which documents it in the schema."""
        if request.method != "GET":
            return super().dispatch(request, *args, **kwargs)
        throttle = PublicLookupThrottle()
        if not throttle.allow_request(request, self):
            wait = int(throttle.wait() or 1)
            response = self._json({"detail": _("Quá nhiều yêu cầu. Vui lòng thử lại sau %(n)s giây.") % {"n": wait},
                                   "code": "throttled"}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return self._answer(selectors.public_lookup(kwargs.get("code", "")))

    def _answer(self, dossier):
        if dossier is None:
            return self._json({"detail": _("Không tìm thấy hồ sơ với mã đã nhập."), "code": "not_found"}, status=404)
        # Already reduced to public fields by the selector; the serializer documents the shape.
        return self._json(dossier)

    @staticmethod
    def _json(body: dict, status: int = 200) -> JsonResponse:
        response = JsonResponse(body, status=status, encoder=DRFJSONEncoder,
                                json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
        response["Cache-Control"] = "no-store"
        return response

