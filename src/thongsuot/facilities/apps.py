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
        from thongsuot.audit.history import register
        from thongsuot.facilities import selectors

        register("facilities.facility", lambda user, pk: selectors.facility_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.handlingplan",
                 lambda user, pk: selectors.plan_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.equipmentneed",
                 lambda user, pk: selectors.equipment_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.procurementrequest",
                 lambda user, pk: selectors.procurement_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.connectivity",
                 lambda user, pk: selectors.connectivity_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.outage", lambda user, pk: selectors.outage_list(user=user).filter(pk=int(pk)).exists())
        register("facilities.digitalplatform",
                 lambda user, pk: selectors.platform_list(user=user).filter(pk=int(pk)).exists())
