from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "thongsuot.geo"
    verbose_name = "Đơn vị hành chính"
