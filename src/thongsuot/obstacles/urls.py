from django.urls import include, path

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
    path("<int:pk>/", include([
        path("", views.detail, name="detail"),
        path("thao-tac/<str:action>/", views.transition, name="transition"),
        path("chuyen-len/", views.escalate, name="escalate"),
        path("tra-loi/", views.answer, name="answer"),
        path("y-kien/", views.comment, name="comment"),
        path("dinh-kem/", views.attach, name="attach"),
        path("tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
        path("van-ban/<str:kind>/<int:doc_pk>/", views.document_download, name="document"),
    ])),
    path("cong-van/", include([
        path("", letters.request_register, name="requests"),
        path("thoi-gian-tra-loi/", letters.response_times, name="response_times"),
        path("moi/", letters.request_new, name="request_new"),
        path("<int:pk>.docx", letters.request_docx, name="request_docx"),
        path("<int:pk>.pdf", letters.request_pdf, name="request_pdf"),
        path("<int:pk>/", include([
            path("", letters.request_detail, name="request"),
            path("duyet/", letters.request_approve, name="request_approve"),
            path("tra-loi/", letters.request_answer, name="request_answer"),
            path("ban-ky/", letters.request_scan, name="request_scan"),
            path("ban-ky/tai/", letters.request_scan_download, name="request_scan_file"),
            path("tra-loi/<int:answer_pk>/ban-ky/", letters.request_scan, name="answer_scan"),
            path("tra-loi/<int:answer_pk>/ban-ky/tai/", letters.request_scan_download, name="answer_scan_file"),
            path("tra-loi/<int:answer_pk>.docx", letters.answer_docx, name="answer_docx"),
            path("tra-loi/<int:answer_pk>.pdf", letters.answer_pdf, name="answer_pdf"),
        ])),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("", api.ObstacleListCreate.as_view(), name="api-obstacles"),
    path("queue/", api.ObstacleQueue.as_view(), name="api-obstacle-queue"),
    path("overview/", replica_reads(api.ObstacleOverview.as_view()), name="api-obstacle-overview"),
    path("<int:pk>/", include([
        path("", api.ObstacleDetail.as_view(), name="api-obstacle"),
        path("transitions/", api.ObstacleTransition.as_view(), name="api-obstacle-transition"),
        path("escalate/", api.ObstacleEscalate.as_view(), name="api-obstacle-escalate"),
        path("resolution-records/", api.ObstacleResolutionRecords.as_view(),
             name="api-obstacle-resolution-records"),
        path("answer/", api.ObstacleAnswer.as_view(), name="api-obstacle-answer"),
        path("comments/", api.ObstacleComment.as_view(), name="api-obstacle-comments"),
        path("attachments/", api.ObstacleAttachments.as_view(), name="api-obstacle-attachments"),
    ])),
    path("notifications/", api.NotificationList.as_view(), name="api-obstacle-notifications"),
    path("requests/", include([
        path("", api_requests.RequestListCreate.as_view(), name="api-obstacle-requests"),
        path("response-times/", api_requests.ResponseTimes.as_view(), name="api-obstacle-response-times"),
        path("<int:pk>/", api_requests.RequestDetail.as_view(), name="api-obstacle-request"),
        path("<int:pk>/approve/", api_requests.RequestApprove.as_view(), name="api-obstacle-request-approve"),
        path("<int:pk>/answer/", api_requests.RequestAnswer.as_view(), name="api-obstacle-request-answer"),
    ])),
]
