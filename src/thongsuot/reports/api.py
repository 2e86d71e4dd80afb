"""REST endpoints of periodic reports (read): the regimes, the reports the user may see, a report's
figures. Scoped as the pages: a report out of scope answers 404."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from thongsuot.core.errors import DomainError
from thongsuot.core.params import query_id, query_str
from thongsuot.reports import selectors
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


def _period(params) -> date | None:
    raw = query_str(params, "period", max_length=10)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise DomainError(_("Tham số “period”: “%(value)s” không phải ngày dạng NĂM-THÁNG-NGÀY.") % {"value": raw},
                          field="period") from exc


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
        params = self.request.query_params
        regime_id = query_id(params, "regime")
        regime = selectors.access_regime(self.request.user, regime_id) if regime_id else None
        return selectors.report_list(user=self.request.user, regime=regime, period_start=_period(params),
                                     level=query_str(params, "level", choices=ReportLevel.values),
                                     state=query_str(params, "state", choices=ReportState.values))


@extend_schema(tags=TAGS)
class ReportDetail(generics.RetrieveAPIView):
    """A report with its figures (each with its basis: at the cut-off day, or frozen when sent)."""

    serializer_class = PeriodicReportFiguresSerializer

    def get_object(self):
        return selectors.access_report(self.request.user, self.kwargs["pk"])
