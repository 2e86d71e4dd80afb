from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class DecentralisationConfig(AppConfig):
    name = "thongsuot.decentralisation"
    label = "decentralisation"
    url_prefix = "phan-cap/"
    api_prefix = "decentralisation/"
    verbose_name = _("Nhiệm vụ phân cấp")

    nav_entries = [NavEntry(_("Nhiệm vụ phân cấp"), "decentralisation:tasks", order=25)]

    def ready(self):
        from thongsuot.audit.history import register_signed_in, register_visible
        from thongsuot.decentralisation.selectors import visible_states

        register_visible(visible_states, "decentralisation.communetaskstate")
        register_signed_in("decentralisation.decentralisedtask")
