from django.urls import path

from thongsuot.core.db import replica_reads
from thongsuot.obstacles import api, api_requests, views
from thongsuot.obstacles.views import requests as letters

app_name = "obstacles"
urlpatterns = [
    path("", views.obstacle_list, name="list"),
    path("cho-xu-ly/", views.queue, name="queue"),
    path("tong-hop/", replica_reads(views.overview), name="overview"),
    path("moi/", views.create, name="create"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thoi-han/", views.time_limits, name="time_limits"),
    path("<int:pk>/", views.detail, name="detail"),
    path("cong-van/", letters.request_register, name="requests"),
    path("cong-van/thoi-gian-tra-loi/", letters.response_times, name="response_times"),
    path("cong-van/moi/", letters.request_new, name="request_new"),
    path("cong-van/<int:pk>/", letters.request_detail, name="request"),
    path("cong-van/<int:pk>/duyet/", letters.request_approve, name="request_approve"),
    path("cong-van/<int:pk>/tra-loi/", letters.request_answer, name="request_answer"),
    path("cong-van/<int:pk>.docx", letters.request_docx, name="request_docx"),
    path("cong-van/<int:pk>.pdf", letters.request_pdf, name="request_pdf"),
    path("cong-van/<int:pk>/ban-ky/", letters.request_scan, name="request_scan"),
    path("cong-van/<int:pk>/ban-ky/tai/", letters.request_scan_download, name="request_scan_file"),
    path("cong-van/<int:pk>/tra-loi/<int:answer_pk>/ban-ky/", letters.request_scan, name="answer_scan"),
    path("cong-van/<int:pk>/tra-loi/<int:answer_pk>/ban-ky/tai/", letters.request_scan_download,
         name="answer_scan_file"),
    path("cong-van/<int:pk>/tra-loi/<int:answer_pk>.docx", letters.answer_docx, name="answer_docx"),
    path("cong-van/<int:pk>/tra-loi/<int:answer_pk>.pdf", letters.answer_pdf, name="answer_pdf"),
    path("<int:pk>/thao-tac/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/chuyen-len/", views.escalate, name="escalate"),
    path("<int:pk>/tra-loi/", views.answer, name="answer"),
    path("<int:pk>/y-kien/", views.comment, name="comment"),
    path("<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/van-ban/<str:kind>/<int:doc_pk>/", views.document_download, name="document"),
]

#: Mounted under /api/ (config/urls.py): the same app's API, one route per operation.
api_urlpatterns = [
    path("", api.ObstacleListCreate.as_view(), name="api-obstacles"),
    path("queue/", api.ObstacleQueue.as_view(), name="api-obstacle-queue"),
    path("overview/", replica_reads(api.ObstacleOverview.as_view()), name="api-obstacle-overview"),
    path("<int:pk>/", api.ObstacleDetail.as_view(), name="api-obstacle"),
    path("<int:pk>/transitions/", api.ObstacleTransition.as_view(), name="api-obstacle-transition"),
    path("<int:pk>/escalate/", api.ObstacleEscalate.as_view(), name="api-obstacle-escalate"),
    path("<int:pk>/resolution-records/", api.ObstacleResolutionRecords.as_view(),
         name="api-obstacle-resolution-records"),
    path("<int:pk>/answer/", api.ObstacleAnswer.as_view(), name="api-obstacle-answer"),
    path("<int:pk>/comments/", api.ObstacleComment.as_view(), name="api-obstacle-comments"),
    path("<int:pk>/attachments/", api.ObstacleAttachments.as_view(), name="api-obstacle-attachments"),
    path("notifications/", api.NotificationList.as_view(), name="api-obstacle-notifications"),
    path("requests/", api_requests.RequestListCreate.as_view(), name="api-obstacle-requests"),
    path("requests/response-times/", api_requests.ResponseTimes.as_view(), name="api-obstacle-response-times"),
    path("requests/<int:pk>/", api_requests.RequestDetail.as_view(), name="api-obstacle-request"),
    path("requests/<int:pk>/approve/", api_requests.RequestApprove.as_view(), name="api-obstacle-request-approve"),
    path("requests/<int:pk>/answer/", api_requests.RequestAnswer.as_view(), name="api-obstacle-request-answer"),
]
