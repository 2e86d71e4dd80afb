from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class ImportsConfig(AppConfig):
    name = "thongsuot.imports"
    url_prefix = "nhap-excel/"
    api_prefix = "imports/"
    verbose_name = _("Nhập dữ liệu từ Excel")

    nav_entries = [NavEntry(_("Nhập Excel"), "imports:history", order=90,
                            visible=lambda scope: scope is not None and not scope.is_ministry)]
