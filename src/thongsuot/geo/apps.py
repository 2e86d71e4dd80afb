from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class GeoConfig(AppConfig):
    name = "thongsuot.geo"
    label = "geo"
    url_prefix = "dia-ban/"
    verbose_name = "Đơn vị hành chính"

    nav_entries = [NavEntry(_("Địa bàn"), "geo:provinces", order=10,
                            visible=lambda scope: not scope.is_commune)]
