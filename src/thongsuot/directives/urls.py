from django.urls import path

from thongsuot.core.db import replica_reads
from thongsuot.directives import api, views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("moi/", views.directive_create, name="create"),
    path("duoc-giao/", views.assigned, name="assigned"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/sua/", views.directive_edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.directive_issue, name="issue"),
    path("<int:pk>/them-nhiem-vu/", views.task_create, name="task_create"),
    path("<int:pk>/tinh/<str:code>/", replica_reads(views.directive_province), name="province"),
    path("<int:pk>/tep/<int:file_pk>/", views.directive_file, name="file"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/rut/", views.task_withdraw, name="task_withdraw"),
    path("nhiem-vu/<int:pk>/so-lieu-so-dang-ky/", views.task_registry_link, name="task_registry_link"),
    path("nhiem-vu/<int:pk>/so-lieu-so-dang-ky/<int:link_pk>/bo/", views.task_registry_unlink,
         name="task_registry_unlink"),
    path("nhiem-vu/<int:pk>/lien-ket/", views.task_link, name="task_link"),
    path("giao/<int:pk>/", views.assignment_detail, name="assignment"),
    path("giao/<int:pk>/giao-tiep/", views.assignment_cascade, name="cascade"),
    path("giao/<int:pk>/bao-cao/", views.report_create, name="report_create"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report"),
    path("bao-cao/<int:pk>/sua/", views.report_revise, name="report_revise"),
    path("bao-cao/<int:pk>/duyet/", views.report_review, {"decision": "approve"}, name="report_approve"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_review, {"decision": "return"}, name="report_return"),
    path("bao-cao/<int:pk>/tep/<int:file_pk>/", views.report_file, name="report_file"),
]

#: Mounted under /api/ (config/urls.py): the same app's API, one route per operation.
api_urlpatterns = [
    path("", api.DirectiveList.as_view(), name="api-directives"),
    path("<int:pk>/", api.DirectiveDetail.as_view(), name="api-directive"),
    path("<int:pk>/issue/", api.DirectiveIssue.as_view(), name="api-directive-issue"),
    path("<int:pk>/tasks/", api.TaskCreate.as_view(), name="api-directive-tasks"),
    path("<int:pk>/files/<int:file_pk>/", api.DirectiveFile.as_view(), name="api-directive-file"),
    path("<int:pk>/matrix/", replica_reads(api.DirectiveMatrix.as_view()), name="api-directive-matrix"),
    path("<int:pk>/matrix/<str:code>/", replica_reads(api.DirectiveProvinceMatrix.as_view()), name="api-directive-matrix-province"),
    path("tasks/<int:pk>/", api.TaskDetail.as_view(), name="api-directive-task"),
    path("tasks/<int:pk>/assign/", api.TaskAssign.as_view(), name="api-directive-task-assign"),
    path("tasks/<int:pk>/withdraw/", api.TaskWithdraw.as_view(), name="api-directive-task-withdraw"),
    path("tasks/<int:pk>/registry/", api.TaskRegistry.as_view(), name="api-directive-task-registry"),
    path("tasks/<int:pk>/registry/<int:link_pk>/", api.TaskRegistryLink.as_view(),
         name="api-directive-task-registry-link"),
    path("tasks/<int:pk>/links/", api.TaskLinks.as_view(), name="api-directive-task-links"),
    path("registry-sources/", api.RegistrySources.as_view(), name="api-directive-registry-sources"),
    path("assignments/", api.AssignmentList.as_view(), name="api-directive-assignments"),
    path("assignments/<int:pk>/", api.AssignmentDetail.as_view(), name="api-directive-assignment"),
    path("assignments/<int:pk>/cascade/", api.AssignmentCascade.as_view(), name="api-directive-cascade"),
    path("assignments/<int:pk>/reports/", api.AssignmentReports.as_view(), name="api-directive-reports"),
    path("reports/<int:pk>/", api.ReportDetail.as_view(), name="api-directive-report"),
    path("reports/<int:pk>/files/<int:file_pk>/", api.ReportFile.as_view(), name="api-directive-report-file"),
    path("reports/<int:pk>/approve/", api.ReportReview.as_view(decision="approve"), name="api-directive-approve"),
    path("reports/<int:pk>/return/", api.ReportReview.as_view(decision="return"), name="api-directive-return"),
]
