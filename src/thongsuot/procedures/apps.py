from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.audit.history import SIGNED_IN
from thongsuot.core.registry import HomePanel, NavEntry


class ProceduresConfig(AppConfig):
    name = "thongsuot.procedures"
    verbose_name = _("Thủ tục hành chính và hồ sơ")
    # Mounted at the root: the staff pages live under thu-tuc/ and the public lookup under
    # tra-cuu/ (a path the two-factor middleware leaves open), both from `urls.py`.
    url_prefix = ""
    api_prefix = "procedures/"

    nav_entries = [
        NavEntry(_("Hồ sơ TTHC"), "procedures:dossiers", order=40, visible=lambda scope: not scope.is_ministry),
        NavEntry(_("Thủ tục hành chính"), "procedures:catalogue", order=41),
        NavEntry(_("Số liệu hồ sơ"), "procedures:figures", order=42),
    ]

    home_panel = HomePanel("procedures/_home_panel.html", "thongsuot.procedures.selectors.home_figures", order=40)

    #: What the one import flow (`thongsuot.imports`) may import into this app.
    import_registries = ("thongsuot.procedures.imports.ProcedureImport",)

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "procedures.dossier": "thongsuot.procedures.selectors.dossier_list",
        "procedures.procedure": SIGNED_IN,
        "procedures.simplificationproposal": SIGNED_IN,
    }
