from django.urls import include, path

from thongsuot.core.db import replica_reads
from thongsuot.directives import api, views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("moi/", views.directive_create, name="create"),
    path("duoc-giao/", views.assigned, name="assigned"),
    path("<int:pk>/", include([
        path("", views.directive_detail, name="detail"),
        path("sua/", views.directive_edit, name="edit"),
        path("ban-hanh/", views.directive_issue, name="issue"),
        path("them-nhiem-vu/", views.task_create, name="task_create"),
        path("tinh/<str:code>/", replica_reads(views.directive_province), name="province"),
        path("tep/<int:file_pk>/", views.directive_file, name="file"),
    ])),
    path("nhiem-vu/<int:pk>/", include([
        path("", views.task_detail, name="task"),
        path("sua/", views.task_edit, name="task_edit"),
        path("rut/", views.task_withdraw, name="task_withdraw"),
        path("so-lieu-so-dang-ky/", views.task_registry_link, name="task_registry_link"),
        path("so-lieu-so-dang-ky/<int:link_pk>/bo/", views.task_registry_unlink, name="task_registry_unlink"),
        path("lien-ket/", views.task_link, name="task_link"),
    ])),
    path("giao/<int:pk>/", include([
        path("", views.assignment_detail, name="assignment"),
        path("giao-tiep/", views.assignment_cascade, name="cascade"),
        path("bao-cao/", views.report_create, name="report_create"),
    ])),
    path("bao-cao/<int:pk>/", include([
        path("", views.report_detail, name="report"),
        path("sua/", views.report_revise, name="report_revise"),
        path("duyet/", views.report_review, {"decision": "approve"}, name="report_approve"),
        path("tra-lai/", views.report_review, {"decision": "return"}, name="report_return"),
        path("tep/<int:file_pk>/", views.report_file, name="report_file"),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("", api.DirectiveList.as_view(), name="api-directives"),
    path("<int:pk>/", include([
        path("", api.DirectiveDetail.as_view(), name="api-directive"),
        path("issue/", api.DirectiveIssue.as_view(), name="api-directive-issue"),
        path("tasks/", api.TaskCreate.as_view(), name="api-directive-tasks"),
        path("files/<int:file_pk>/", api.DirectiveFile.as_view(), name="api-directive-file"),
        path("matrix/", replica_reads(api.DirectiveMatrix.as_view()), name="api-directive-matrix"),
        path("matrix/<str:code>/", replica_reads(api.DirectiveProvinceMatrix.as_view()),
             name="api-directive-matrix-province"),
    ])),
    path("tasks/<int:pk>/", include([
        path("", api.TaskDetail.as_view(), name="api-directive-task"),
        path("assign/", api.TaskAssign.as_view(), name="api-directive-task-assign"),
        path("withdraw/", api.TaskWithdraw.as_view(), name="api-directive-task-withdraw"),
        path("registry/", api.TaskRegistry.as_view(), name="api-directive-task-registry"),
        path("registry/<int:link_pk>/", api.TaskRegistryLink.as_view(), name="api-directive-task-registry-link"),
        path("links/", api.TaskLinks.as_view(), name="api-directive-task-links"),
    ])),
    path("registry-sources/", api.RegistrySources.as_view(), name="api-directive-registry-sources"),
    path("assignments/", api.AssignmentList.as_view(), name="api-directive-assignments"),
    path("assignments/<int:pk>/", include([
        path("", api.AssignmentDetail.as_view(), name="api-directive-assignment"),
        path("cascade/", api.AssignmentCascade.as_view(), name="api-directive-cascade"),
        path("reports/", api.AssignmentReports.as_view(), name="api-directive-reports"),
    ])),
    path("reports/<int:pk>/", include([
        path("", api.ReportDetail.as_view(), name="api-directive-report"),
        path("files/<int:file_pk>/", api.ReportFile.as_view(), name="api-directive-report-file"),
        path("approve/", api.ReportReview.as_view(decision="approve"), name="api-directive-approve"),
        path("return/", api.ReportReview.as_view(decision="return"), name="api-directive-return"),
    ])),
]
