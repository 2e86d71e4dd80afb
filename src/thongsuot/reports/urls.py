from django.urls import include, path

from thongsuot.core.db import replica_reads
from thongsuot.reports import api, views

app_name = "reports"
urlpatterns = [
    path("", views.regime_list, name="regimes"),
    path("che-do/them/", views.regime_new, name="regime_new"),
    path("che-do/<int:pk>/", include([
        path("", views.regime_detail, name="regime"),
        path("sua/", views.regime_edit, name="regime_edit"),
        path("lap/", views.report_draft, name="report_draft"),
        path("tinh-hinh/", replica_reads(views.completeness), name="completeness"),
        path("tinh-hinh/<str:code>/", replica_reads(views.completeness_province), name="completeness_province"),
        path("tong-hop/", replica_reads(views.consolidation), name="consolidation"),
    ])),
    path("danh-sach/", views.report_list, name="list"),
    path("<int:pk>/", include([
        path("", views.report_detail, name="report"),
        path("sua/", views.report_edit, name="report_edit"),
        path("doc-lai/", views.report_refresh, name="report_refresh"),
        path("gui/", views.report_send, name="report_send"),
        path("docx/", views.report_docx, name="report_docx"),
        path("pdf/", views.report_pdf, name="report_pdf"),
        path("xlsx/", views.report_xlsx, name="report_xlsx"),
    ])),
]

#: Mounted under /api/ (config/urls.py).
api_urlpatterns = [
    path("regimes/", api.RegimeList.as_view(), name="api-report-regimes"),
    path("reports/", api.ReportList.as_view(), name="api-reports"),
    path("reports/<int:pk>/", api.ReportDetail.as_view(), name="api-report"),
]
