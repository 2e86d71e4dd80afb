from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


class ObstaclesConfig(AppConfig):
    name = "thongsuot.obstacles"
    url_prefix = "kho-khan/"
    api_prefix = "obstacles/"
    verbose_name = _("Khó khăn, vướng mắc")

    nav_entries = [
        NavEntry(_("Khó khăn, vướng mắc"), "obstacles:list", order=20),
        NavEntry(_("Chờ xử lý"), "obstacles:queue", order=21, visible=lambda scope: scope.role != "admin"),
        NavEntry(_("Sổ công văn đề nghị"), "obstacles:requests", order=22,
                 visible=lambda scope: not scope.is_commune and scope.role != "admin"),
        NavEntry(_("Thời hạn xử lý"), "obstacles:time_limits", order=92,
                 visible=lambda scope: scope.is_central and scope.allows("manage_members")),
    ]

    home_panel = HomePanel("obstacles/_home_panel.html", "thongsuot.obstacles.selectors.home_summary", order=20)

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "obstacles.obstacle": "thongsuot.obstacles.selectors.visible_obstacles",
    }
