from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


def _may_see_facilities(scope) -> bool:
    from thongsuot.facilities.permissions import sees_facilities

    return sees_facilities(scope)


class FacilitiesConfig(AppConfig):
    name = "thongsuot.facilities"
    label = "facilities"
    url_prefix = "co-so-vat-chat/"
    api_prefix = "facilities/"
    verbose_name = "Trụ sở, tài sản, thiết bị và kết nối"

    nav_entries = [NavEntry(_("Cơ sở vật chất"), "facilities:overview", order=40, visible=_may_see_facilities)]

    def home_panels(self, request, scope):
        from thongsuot.facilities.selectors import home_summary

        if not _may_see_facilities(scope):
            return []
        return [HomePanel("facilities/_home_panel.html", home_summary(user=request.user), order=40)]

    def ready(self):
        from thongsuot.audit.history import register_visible
        from thongsuot.facilities import selectors

        register_visible(selectors.facility_list, "facilities.facility")
        register_visible(selectors.plan_list, "facilities.handlingplan")
        register_visible(selectors.equipment_list, "facilities.equipmentneed")
        register_visible(selectors.procurement_list, "facilities.procurementrequest")
        register_visible(selectors.connectivity_list, "facilities.connectivity")
        register_visible(selectors.outage_list, "facilities.outage")
        register_visible(selectors.platform_list, "facilities.digitalplatform")
