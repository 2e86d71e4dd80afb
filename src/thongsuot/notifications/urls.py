from django.urls import path

from thongsuot.notifications import api, views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
]

#: Mounted under /api/ (config/urls.py).
api_urlpatterns = [
    path("", api.NotificationList.as_view(), name="api-notifications"),
    path("<int:pk>/read/", api.NotificationMarkRead.as_view(), name="api-notification-read"),
]
