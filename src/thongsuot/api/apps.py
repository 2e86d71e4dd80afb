from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thongsuot.api"
    label = "api"
    verbose_name = "API"
