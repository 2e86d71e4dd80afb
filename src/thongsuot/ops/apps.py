from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: backups and restores, the health check a load balancer asks."""

    name = "thongsuot.ops"
    verbose_name = _("Vận hành")
    #: Mounted at the root: the health check is /healthz, where load balancers look for it.
    url_prefix = ""
