from django.urls import path, register_converter

from thongsuot.campaign import views
from thongsuot.core.db import replica_reads


class _Code:
    def __init__(self, digits):
        self.regex = rf"[0-9]{{{digits}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ProvinceCode(_Code):
    def __init__(self):
        super().__init__(2)


class CommuneCode(_Code):
    def __init__(self):
        super().__init__(5)


register_converter(ProvinceCode, "tinh")
register_converter(CommuneCode, "xa")

app_name = "campaign"

urlpatterns = [
    path("", replica_reads(views.scorecard), name="scorecard"),
    path("<tinh:province>/", replica_reads(views.scorecard), name="scorecard_province"),
    path("<tinh:province>/<xa:commune>/", replica_reads(views.scorecard), name="scorecard_commune"),
    path("bieu-do/", replica_reads(views.dashboard), name="dashboard"),
    path("bieu-do/<tinh:province>/", replica_reads(views.dashboard), name="dashboard_province"),
    path("bieu-do/<tinh:province>/<xa:commune>/", replica_reads(views.dashboard), name="dashboard_commune"),
    path("ban-do/", replica_reads(views.map_page), name="map"),
    path("ban-do/<tinh:province>/", replica_reads(views.map_page), name="map_province"),
]
