from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


class DirectivesConfig(AppConfig):
    name = "thongsuot.directives"
    label = "directives"
    url_prefix = "chi-dao/"
    api_prefix = "directives/"
    verbose_name = "Chỉ đạo, điều hành"

    nav_entries = [
        NavEntry(_("Chỉ đạo"), "directives:list", order=15),
        NavEntry(_("Được giao"), "directives:assigned", order=16,
                 visible=lambda scope: scope.is_province or scope.is_commune),
    ]

    def home_panels(self, request, scope):
        from thongsuot.directives.selectors import home_summary

        if scope is None:
            return []
        return [HomePanel("directives/_home_panel.html", home_summary(user=request.user), order=15)]

    def ready(self):
        from thongsuot.audit.history import register

        def may_see(selector_name):
            def check(user, object_id):
                from thongsuot.directives import selectors

                return getattr(selectors, selector_name)(user=user).filter(pk=int(object_id)).exists()
            return check

        register("directives.directive", may_see("directive_list"))
        register("directives.task", may_see("task_list"))
        register("directives.assignment", may_see("assignment_list"))
        register("directives.progressreport", may_see("report_list"))
