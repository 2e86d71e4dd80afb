from django.urls import path

from thongsuot.directives import api

urlpatterns = [
    path("", api.DirectiveList.as_view(), name="api-directives"),
    path("<int:pk>/", api.DirectiveDetail.as_view(), name="api-directive"),
    path("<int:pk>/issue/", api.DirectiveIssue.as_view(), name="api-directive-issue"),
    path("<int:pk>/tasks/", api.TaskCreate.as_view(), name="api-directive-tasks"),
    path("<int:pk>/files/<int:file_pk>/", api.DirectiveFile.as_view(), name="api-directive-file"),
    path("<int:pk>/matrix/", api.DirectiveMatrix.as_view(), name="api-directive-matrix"),
    path("<int:pk>/matrix/<str:code>/", api.DirectiveProvinceMatrix.as_view(), name="api-directive-matrix-province"),
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
