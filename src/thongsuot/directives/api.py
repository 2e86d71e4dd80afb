"""REST endpoints for the directives loop: the same selectors, services and rules as the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.apiviews import RecordDetail, validated
from thongsuot.core.errors import DomainError
from thongsuot.core.params import MAX_ID, query_id
from thongsuot.core.resubmission import created_status, request_key
from thongsuot.core.uploads import serve_private
from thongsuot.directives import registry_figures, selectors, services
from thongsuot.directives.forms import AssignedFilter, DirectiveFilter
from thongsuot.directives.serializers import (
    AssignmentSerializer,
    AssignSerializer,
    DirectiveCreatedSerializer,
    DirectiveCreateSerializer,
    DirectiveDetailSerializer,
    DirectiveSerializer,
    LinkedRecordSerializer,
    LinkSerializer,
    MatrixSerializer,
    RegistryLinkInputSerializer,
    RegistryLinkSerializer,
    RegistrySourceGroupSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ReviewSerializer,
    TaskCreateSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TaskWithdrawSerializer,
)
from thongsuot.geo.models import Commune, Province

TAGS = ["directives"]


def _cell(cell) -> dict:
    data = {"status": cell.status, "units": cell.units, "done": cell.done, "overdue": cell.overdue,
            "progress": round(cell.progress, 2), "figures": {str(k): f"{v:.2f}" for k, v in cell.figures.items()}}
    if cell.registry:
        data["registry"] = [{"label": label, "unit": unit, "value": None if value is None else f"{value:.2f}"}
                            for label, value, unit in cell.registry]
    return data


def _matrix(matrix, place_code) -> dict:
    return {"today": matrix.today, "tasks": [t.pk for t in matrix.tasks],
            "rows": [{"place": place_code(place), "cells": [_cell(c) for c in cells]} for place, cells in matrix.rows],
            "total": [_cell(c) for c in matrix.total]}


@extend_schema(tags=TAGS)
@extend_schema_view(
    get=extend_schema(parameters=[OpenApiParameter("search", str), OpenApiParameter("urgency", str),
                                  OpenApiParameter("status", str)]),
    post=extend_schema(request={"application/json": DirectiveCreateSerializer,
                                "multipart/form-data": DirectiveCreateSerializer},
                       responses={201: DirectiveCreatedSerializer}))
class DirectiveList(generics.ListCreateAPIView):
    serializer_class = DirectiveSerializer

    def get_queryset(self):
        filters = DirectiveFilter.for_api(self.request.query_params)
        return selectors.directive_list(user=self.request.user, **filters.selection())

    def create(self, request, *args, **kwargs):
        fields = validated(DirectiveCreateSerializer, request)
        directive = services.directive_create(actor=request.user, submission_key=request_key(request, fields), **fields)
        return Response(DirectiveCreatedSerializer(directive).data, status=created_status(directive))


@extend_schema(tags=TAGS)
class DirectiveDetail(RecordDetail):
    serializer_class = DirectiveDetailSerializer
    access = selectors.access_directive


@extend_schema(tags=TAGS, request=None, responses=DirectiveSerializer)
class DirectiveIssue(APIView):
    def post(self, request, pk):
        directive = services.directive_issue(actor=request.user, directive=selectors.access_directive(request.user, pk))
        return Response(DirectiveSerializer(directive).data)


@extend_schema(tags=TAGS, request=TaskCreateSerializer, responses={201: TaskSerializer})
class TaskCreate(APIView):
    def post(self, request, pk):
        directive = selectors.access_directive(request.user, pk)
        values = validated(TaskCreateSerializer, request)
        values["figures"] = [(f["name"], f["unit"]) for f in values.get("figures", [])]
        task = services.task_create(actor=request.user, directive=directive, **values)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


def _places(model, codes, label):
    if not codes:
        return None
    places = list(model.objects.filter(code__in=codes))
    missing = set(codes) - {p.code for p in places}
    if missing:
        raise DomainError(f"Không có {label} mã: {', '.join(sorted(missing))}.", field=label)
    return places


class TaskDetail(APIView):
    """A task; PATCH changes it from the version read (moving the deadline moves the assignments)."""

    @extend_schema(tags=TAGS, responses=TaskSerializer, operation_id="directives_task_retrieve")
    def get(self, request, pk):
        return Response(TaskSerializer(selectors.access_task(request.user, pk)).data)

    @extend_schema(tags=TAGS, request=TaskUpdateSerializer, responses=TaskSerializer,
                   operation_id="directives_task_update")
    def patch(self, request, pk):
        task = selectors.access_task(request.user, pk)
        changes = validated(TaskUpdateSerializer, request)
        version = changes.pop("version")
        if "figures" in changes:
            changes["figures"] = [(f.get("id"), f["name"], f["unit"]) for f in changes["figures"]]
        services.task_update(actor=request.user, task=task, version=version, **changes)
        return Response(TaskSerializer(selectors.access_task(request.user, pk)).data)


class TaskWithdraw(APIView):
    """Take back a task: deleted while its directive is a draft, withdrawn (kept with its reports) once issued."""

    @extend_schema(tags=TAGS, request=TaskWithdrawSerializer,
                   responses={200: TaskSerializer, 204: None}, operation_id="directives_task_withdraw",
                   description="Văn bản còn dự thảo, nhiệm vụ chưa giao: xoá hẳn nhiệm vụ (204). Văn bản đã ban "
                               "hành: rút nhiệm vụ, giữ các nơi được giao và báo cáo để tra cứu, bỏ khỏi danh sách "
                               "được giao, ma trận, tổng hợp và nhắc hạn, thông báo cho mỗi nơi được giao (200, "
                               "nhiệm vụ có withdrawn_at). Phiên bản cũ: 409 stale; nhiệm vụ đã rút: 409.")
    def post(self, request, pk):
        task = selectors.access_task(request.user, pk)
        data = validated(TaskWithdrawSerializer, request)
        kept = services.task_withdraw(actor=request.user, task=task, **data)
        if kept is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(TaskSerializer(selectors.access_task(request.user, pk)).data)


def _registry(request, task) -> list[dict]:
    assignments = list(selectors.task_assignments(user=request.user, task=task).order_by("province__code",
                                                                                         "commune__code"))
    columns, rows = selectors.task_registry(user=request.user, task=task, assignments=assignments)
    result = []
    for index, column in enumerate(columns):
        values = []
        for a in assignments:
            _column, reported, live = rows[a.pk][index]
            values.append({"assignment": a.pk, "agency": a.agency.code, "province": a.province.code,
                           "commune": a.commune.code if a.commune_id else None, "reported": reported,
                           "registry": live})
        result.append({"id": column.link.pk, "source": registry_figures.code_of(column.link), "label": column.label,
                       "unit": column.unit, "figure": column.link.figure_id, "values": values})
    return result


class TaskRegistry(APIView):
    """Registry figures linked to a task, each with the live value per assignee beside the reported one."""

    @extend_schema(tags=TAGS, responses=RegistryLinkSerializer(many=True), operation_id="directives_task_registry")
    def get(self, request, pk):
        return Response(RegistryLinkSerializer(_registry(request, selectors.access_task(request.user, pk)), many=True).data)

    @extend_schema(tags=TAGS, request=RegistryLinkInputSerializer, responses={201: RegistryLinkSerializer(many=True)},
                   operation_id="directives_task_registry_link")
    def post(self, request, pk):
        task = selectors.access_task(request.user, pk)
        data = validated(RegistryLinkInputSerializer, request)
        figure = None
        if data.get("figure"):
            figure = task.figures.filter(pk=data["figure"]).first()
            if figure is None:
                raise DomainError("Chỉ tiêu so sánh phải là chỉ tiêu báo cáo của nhiệm vụ này.", field="figure")
        services.task_registry_link(actor=request.user, task=task, source=data["source"],
              figure=figure)
        return Response(RegistryLinkSerializer(_registry(request, task), many=True).data,
                        status=status.HTTP_201_CREATED)


class RegistrySources(APIView):
    """The registry figures a task can be linked to (those of the apps installed)."""

    @extend_schema(tags=TAGS, responses=RegistrySourceGroupSerializer(many=True))
    def get(self, request):
        return Response([{"group": group, "choices": [{"source": v, "label": label} for v, label in options]}
                         for group, options in registry_figures.choices()])


class TaskRegistryLink(APIView):
    @extend_schema(tags=TAGS, responses={204: None}, operation_id="directives_task_registry_unlink")
    def delete(self, request, pk, link_pk):
        task = selectors.access_task(request.user, pk)
        link = selectors.access_registry_link(task, link_pk)
        services.task_registry_unlink(actor=request.user, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DirectiveFile(APIView):
    """Download a directive's attached file (to whoever may see the directive)."""

    @extend_schema(tags=TAGS, responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk, file_pk):
        attachment = selectors.access_file(selectors.access_directive(request.user, pk), file_pk)
        return serve_private(attachment.file, attachment.name)


class ReportFile(APIView):
    """Download a report's attached file (to whoever may see the report)."""

    @extend_schema(tags=TAGS, responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk, file_pk):
        attachment = selectors.access_file(selectors.access_report(request.user, pk), file_pk)
        return serve_private(attachment.file, attachment.name)


@extend_schema(tags=TAGS, request=AssignSerializer, responses={201: AssignmentSerializer(many=True)})
class TaskAssign(APIView):
    def post(self, request, pk):
        task = selectors.access_task(request.user, pk)
        data = validated(AssignSerializer, request)
        made = services.task_assign(actor=request.user, task=task,
                     provinces=_places(Province, data.get("provinces"), "provinces"),
                     communes=_places(Commune, data.get("communes"), "communes"),
                     deadline=data.get("deadline"))
        return Response(AssignmentSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


class TaskLinks(APIView):
    """Records of other apps (obstacles) linked to a task; only those the caller may see are listed."""

    @extend_schema(tags=TAGS, responses=LinkedRecordSerializer(many=True))
    def get(self, request, pk):
        task = selectors.access_task(request.user, pk)
        return Response(LinkedRecordSerializer(selectors.task_links(user=request.user, task=task), many=True).data)

    @extend_schema(tags=TAGS, request=LinkSerializer, responses={201: LinkedRecordSerializer(many=True)})
    def post(self, request, pk):
        task = selectors.access_task(request.user, pk)
        data = validated(LinkSerializer, request)
        services.task_link(actor=request.user, task=task, **data)
        return Response(LinkedRecordSerializer(selectors.task_links(user=request.user, task=task), many=True).data,
                        status=status.HTTP_201_CREATED)


class DirectiveMatrix(APIView):
    @extend_schema(tags=TAGS, responses=MatrixSerializer, operation_id="directives_matrix",
                   description="Ma trận tỉnh × nhiệm vụ (văn bản trung ương) hoặc xã × nhiệm vụ (văn bản của tỉnh).")
    def get(self, request, pk, code=None):
        directive = selectors.access_directive(request.user, pk)
        if code is None and directive.is_national:
            matrix = selectors.directive_matrix(user=request.user, directive=directive, registry=True)
            return Response(_matrix(matrix, lambda p: p.code))
        province = selectors.access_province(request.user, code) if code else directive.province
        matrix = selectors.province_matrix(user=request.user, directive=directive, province=province, registry=True)
        return Response(_matrix(matrix, lambda c: c.code if c else None))


class DirectiveProvinceMatrix(DirectiveMatrix):
    @extend_schema(tags=TAGS, responses=MatrixSerializer, operation_id="directives_matrix_province",
                   description="Ma trận xã × nhiệm vụ của một tỉnh (đi sâu từ ma trận cả nước).")
    def get(self, request, pk, code=None):
        return super().get(request, pk, code)


@extend_schema(tags=TAGS, parameters=[OpenApiParameter("mine", bool, description="Chỉ nhiệm vụ giao cho cơ quan mình."),
                                      OpenApiParameter("directive", int), OpenApiParameter("state", str)])
class AssignmentList(generics.ListAPIView):
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        params = self.request.query_params
        state = AssignedFilter.for_api(params).values().get("state", "")
        if params.get("mine") in ("1", "true"):
            assignments = selectors.assigned_to_us(user=self.request.user, state=state)
        else:
            assignments = selectors.assignment_list(user=self.request.user).order_by("id")
        directive = query_id(params, "directive")
        if directive is not None:
            assignments = assignments.filter(directive_id=directive)
        return assignments


@extend_schema(tags=TAGS)
class AssignmentDetail(RecordDetail):
    serializer_class = AssignmentSerializer
    access = selectors.access_assignment


@extend_schema(tags=TAGS, request=AssignSerializer, responses={201: AssignmentSerializer(many=True)})
class AssignmentCascade(APIView):
    def post(self, request, pk):
        assignment = selectors.access_assignment(request.user, pk)
        data = validated(AssignSerializer, request)
        made = services.assignment_cascade(actor=request.user, assignment=assignment,
                     communes=_places(Commune, data.get("communes"), "communes"),
                     deadline=data.get("deadline"))
        return Response(AssignmentSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
@extend_schema_view(post=extend_schema(request={"application/json": ReportCreateSerializer,
                                                "multipart/form-data": ReportCreateSerializer},
                                       responses={201: ReportSerializer, 200: ReportSerializer}))
class AssignmentReports(generics.ListCreateAPIView):
    serializer_class = ReportSerializer

    def get_queryset(self):
        assignment = selectors.access_assignment(self.request.user, self.kwargs["pk"])
        return (selectors.report_list(user=self.request.user).filter(assignment=assignment)
                .prefetch_related("values", "attachments"))

    def create(self, request, *args, **kwargs):
        assignment = selectors.access_assignment(request.user, kwargs["pk"])
        values = validated(ReportCreateSerializer, request)
        key = request_key(request, values)
        figures = values.pop("figures", {}) or {}
        try:
            figures = {int(k): v for k, v in figures.items()}
        except ValueError as exc:
            raise DomainError("Mã chỉ tiêu phải là số.", field="figures") from exc
        if any(not 1 <= k <= MAX_ID for k in figures):
            raise DomainError("Mã chỉ tiêu phải là số.", field="figures")
        report = services.report_submit(actor=request.user, assignment=assignment, figures=figures,
                                        submission_key=key, **values)
        return Response(ReportSerializer(report).data, status=created_status(report))


@extend_schema(tags=TAGS)
class ReportDetail(RecordDetail):
    serializer_class = ReportSerializer
    access = selectors.access_report


@extend_schema(tags=TAGS, request=ReviewSerializer, responses=ReportSerializer)
class ReportReview(APIView):
    decision = "approve"

    def post(self, request, pk):
        report = selectors.access_report(request.user, pk)
        data = validated(ReviewSerializer, request)
        service = services.report_approve if self.decision == "approve" else services.report_return
        report = service(actor=request.user, report=report, note=data["note"])
        return Response(ReportSerializer(report).data)
