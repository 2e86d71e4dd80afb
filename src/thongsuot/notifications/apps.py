from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "thongsuot.notifications"
    verbose_name = _("Thông báo")
    url_prefix = "thong-bao/"
    api_prefix = "notifications/"
