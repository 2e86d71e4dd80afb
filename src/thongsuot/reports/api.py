"""REST endpoints of periodic reports (read): the regimes, the reports the user may see, a report's
figures. Scoped as the pages: a report out of scope answers 404."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from thongsuot.core.apiviews import RecordDetail
from thongsuot.reports import selectors
from thongsuot.reports.forms import ReportFilter
from thongsuot.reports.models import ReportLevel, ReportState
from thongsuot.reports.serializers import (
    PeriodicReportFiguresSerializer,
    PeriodicReportSerializer,
    ReportingRegimeSerializer,
)

TAGS = ["reports"]


@extend_schema(tags=TAGS)
class RegimeList(generics.ListAPIView):
    """The reporting regimes (the national catalogue)."""

    serializer_class = ReportingRegimeSerializer

    def get_queryset(self):
        return selectors.regime_list(user=self.request.user).order_by("pk")


@extend_schema(tags=TAGS, parameters=[
    OpenApiParameter("regime", int, description="Mã chế độ báo cáo."),
    OpenApiParameter("period", date, description="Ngày đầu kỳ báo cáo (NĂM-THÁNG-NGÀY)."),
    OpenApiParameter("level", str, enum=ReportLevel.values, description="Cấp báo cáo."),
    OpenApiParameter("state", str, enum=ReportState.values, description="Tình trạng."),
])
class ReportList(generics.ListAPIView):
    """The reports the user may see: a commune its own, a province its own and its communes' sent
    reports, the national level every sent report; drafts only to their own agency."""

    serializer_class = PeriodicReportSerializer

    def get_queryset(self):
        filters = ReportFilter.for_api(self.request.query_params).values()
        regime_id = filters.get("regime")
        regime = selectors.access_regime(self.request.user, regime_id) if regime_id else None
        return selectors.report_list(user=self.request.user, regime=regime, period_start=filters.get("period"),
                                     level=filters.get("level", ""), state=filters.get("state", ""))


@extend_schema(tags=TAGS)
class ReportDetail(RecordDetail):
    """A report with its figures (each with its basis: at the cut-off day, or frozen when sent)."""

    serializer_class = PeriodicReportFiguresSerializer
    access = selectors.access_report
