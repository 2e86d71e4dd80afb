from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class PortalConfig(AppConfig):
    """The top of the platform: each level's home page, the units pages, the commands that seed every app.

    It may import any app; no app imports it (see .importlinter).
    """

    name = "thongsuot.portal"
    url_prefix = ""
    verbose_name = _("Cổng điều hành")

    nav_entries = [NavEntry(_("Địa bàn"), "portal:provinces", order=10,
                            visible=lambda scope: not scope.is_commune)]
