from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


class DirectivesConfig(AppConfig):
    name = "thongsuot.directives"
    url_prefix = "chi-dao/"
    api_prefix = "directives/"
    verbose_name = "Chỉ đạo, điều hành"

    nav_entries = [
        NavEntry(_("Chỉ đạo"), "directives:list", order=15),
        NavEntry(_("Được giao"), "directives:assigned", order=16,
                 visible=lambda scope: scope.is_province or scope.is_commune),
    ]

    #: The forms a commune fills in the field (core.offline): big buttons on its home, kept offline.
    field_forms = "thongsuot.directives.selectors.field_forms"
    home_panel = HomePanel("directives/_home_panel.html", "thongsuot.directives.selectors.home_summary", order=15)

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "directives.directive": "thongsuot.directives.selectors.directive_list",
        "directives.task": "thongsuot.directives.selectors.task_list",
        "directives.assignment": "thongsuot.directives.selectors.assignment_list",
        "directives.progressreport": "thongsuot.directives.selectors.report_list",
    }
