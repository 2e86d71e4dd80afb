from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thongsuot.api"
    verbose_name = "API"
