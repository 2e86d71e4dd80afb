from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


def _sees_campaign(scope) -> bool:
    from thongsuot.campaign.permissions import sees_campaign

    return sees_campaign(scope)


def _panel_visible(scope) -> bool:
    return not scope.is_commune and _sees_campaign(scope)


class CampaignConfig(AppConfig):
    name = "thongsuot.campaign"
    url_prefix = "chien-dich/"
    verbose_name = "Bảng theo dõi chiến dịch"

    nav_entries = [NavEntry(_("Bảng theo dõi"), "campaign:scorecard", order=5, visible=_sees_campaign)]

    home_panel = HomePanel("campaign/_home_panel.html", "thongsuot.campaign.selectors.home_summary", order=5,
                           visible=_panel_visible)
