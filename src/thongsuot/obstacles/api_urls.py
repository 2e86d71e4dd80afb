from django.urls import path

from thongsuot.obstacles import api

urlpatterns = [
    path("", api.ObstacleListCreate.as_view(), name="api-obstacles"),
    path("queue/", api.ObstacleQueue.as_view(), name="api-obstacle-queue"),
    path("overview/", api.ObstacleOverview.as_view(), name="api-obstacle-overview"),
    path("<int:pk>/", api.ObstacleDetail.as_view(), name="api-obstacle"),
    path("<int:pk>/transitions/", api.ObstacleTransition.as_view(), name="api-obstacle-transition"),
    path("<int:pk>/escalate/", api.ObstacleEscalate.as_view(), name="api-obstacle-escalate"),
    path("<int:pk>/answer/", api.ObstacleAnswer.as_view(), name="api-obstacle-answer"),
    path("<int:pk>/comments/", api.ObstacleComment.as_view(), name="api-obstacle-comments"),
    path("<int:pk>/attachments/", api.ObstacleAttachments.as_view(), name="api-obstacle-attachments"),
    path("notifications/", api.NotificationList.as_view(), name="api-obstacle-notifications"),
]
