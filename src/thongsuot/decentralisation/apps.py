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
        from thongsuot.audit.history import register

        def may_see_state(user, object_id):
            from thongsuot.decentralisation.selectors import visible_states

            return visible_states(user).filter(pk=int(object_id)).exists()

        register("decentralisation.communetaskstate", may_see_state)
        register("decentralisation.decentralisedtask", lambda user, object_id: user.is_authenticated)
