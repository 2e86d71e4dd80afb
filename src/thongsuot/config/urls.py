"""Root URLs. Each domain app mounts itself from its one `urls` module: an `AppConfig` with
`url_prefix` gets the module's `urlpatterns` there, and one with `api_prefix` its `api_urlpatterns`
under /api/<api_prefix>."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("thongsuot.core.urls")),
    path("", include("thongsuot.accounts.urls")),
    path("api/", include("thongsuot.api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

for config in apps.get_app_configs():
    if getattr(config, "url_prefix", None) is not None:
        urlpatterns.append(path(config.url_prefix, include(f"{config.name}.urls")))
    if getattr(config, "api_prefix", None) is not None:
        urlpatterns.append(path(f"api/{config.api_prefix}", include(import_module(f"{config.name}.urls").api_urlpatterns)))

handler400 = "thongsuot.core.views.error_400"
handler403 = "thongsuot.core.views.error_403"
handler404 = "thongsuot.core.views.error_404"
handler500 = "thongsuot.core.views.error_500"
