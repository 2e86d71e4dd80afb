from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.audit.history import SIGNED_IN
from thongsuot.core.registry import NavEntry


class DecentralisationConfig(AppConfig):
    name = "thongsuot.decentralisation"
    url_prefix = "phan-cap/"
    api_prefix = "decentralisation/"
    verbose_name = _("Nhiệm vụ phân cấp")

    nav_entries = [NavEntry(_("Nhiệm vụ phân cấp"), "decentralisation:tasks", order=25)]

    #: What the one import flow (`thongsuot.imports`) may import into this app.
    import_registries = ("thongsuot.decentralisation.imports.TaskCatalogueImport",)

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "decentralisation.communetaskstate": "thongsuot.decentralisation.selectors.visible_states",
        "decentralisation.decentralisedtask": SIGNED_IN,
    }
