from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thongsuot.core"
    label = "core"
    verbose_name = "Dùng chung"
