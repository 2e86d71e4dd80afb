from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


def _may_see_facilities(scope) -> bool:
    from thongsuot.facilities.permissions import sees_facilities

    return sees_facilities(scope)


class FacilitiesConfig(AppConfig):
    name = "thongsuot.facilities"
    url_prefix = "co-so-vat-chat/"
    api_prefix = "facilities/"
    verbose_name = "Trụ sở, tài sản, thiết bị và kết nối"

    nav_entries = [NavEntry(_("Cơ sở vật chất"), "facilities:overview", order=40, visible=_may_see_facilities)]

    #: The forms a commune fills in the field (core.offline): big buttons on its home, kept offline.
    field_forms = "thongsuot.facilities.selectors.field_forms"
    home_panel = HomePanel("facilities/_home_panel.html", "thongsuot.facilities.selectors.home_summary", order=40,
                           visible=_may_see_facilities)

    #: The registries of the one import flow (`thongsuot.imports`): /nhap-excel/<slug>/.
    import_registries = ("thongsuot.facilities.services.imports.FacilityImport",
                         "thongsuot.facilities.services.imports.PlanImport",
                         "thongsuot.facilities.services.imports.EquipmentImport",
                         "thongsuot.facilities.services.imports.ConnectivityImport",
                         "thongsuot.facilities.services.imports.PlatformImport")

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "facilities.facility": "thongsuot.facilities.selectors.facility_list",
        "facilities.handlingplan": "thongsuot.facilities.selectors.plan_list",
        "facilities.equipmentneed": "thongsuot.facilities.selectors.equipment_list",
        "facilities.procurementrequest": "thongsuot.facilities.selectors.procurement_list",
        "facilities.connectivity": "thongsuot.facilities.selectors.connectivity_list",
        "facilities.outage": "thongsuot.facilities.selectors.outage_list",
        "facilities.digitalplatform": "thongsuot.facilities.selectors.platform_list",
    }
