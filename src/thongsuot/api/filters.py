"""The filters of the API's own lists (units, agencies), read strictly like every API list's
(`core.listing.FilterForm.for_api`): an invalid value answers 400 naming the parameter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import Level
from thongsuot.core.listing import FilterForm, province_code_field
from thongsuot.geo.models import Commune


class CommuneFilter(FilterForm):
    search = forms.CharField(label=_("Tìm kiếm"), max_length=100)
    province = province_code_field(_("Mã tỉnh"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Commune.Kind.choices)


class AgencyFilter(FilterForm):
    search = forms.CharField(label=_("Tìm kiếm"), max_length=100)
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices)
