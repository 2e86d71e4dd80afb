"""The installable web app: its manifest, its service worker, the pages that open offline.

A commune's line drops often; what was typed must survive it (docs/offline.md):

- `/sw.js` is the service worker, served from the root so its scope is the whole site. Its
  precache list is made here from the static files (their hashed names in production) and the two
  shell pages; its `VERSION` is a hash of those files, so a changed stylesheet or script installs a
  new worker and the old cache is dropped.
- Each app names the forms a commune fills in the field with `AppConfig.field_forms`: the dotted path
  of a selector `field_forms(user=...)` returning `FieldForm`s. They become the big buttons on the
  commune's home page, the links of the offline page, and the pages the worker keeps for offline use.
- `/ban-nhap/` lists the drafts kept in the browser (IndexedDB, `static/thongsuot/drafts.js`);
  `/ngoai-tuyen/` is what a page that was never kept shows offline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

#: The static files every page needs, kept by the service worker (≤ 150 KB with the shell pages).
SHELL_STATIC = ("thongsuot/site.css", "thongsuot/site.js", "thongsuot/drafts.js", "thongsuot/htmx.min.js",
                "thongsuot/favicon.svg", "thongsuot/icons/icon-192.png")
#: The URL names of the shell pages kept at install (they show no record, only the drafts on the device).
SHELL_PAGES = ("core:drafts", "core:offline")
PRECACHE_BUDGET = 150 * 1024


@dataclass(frozen=True)
class FieldForm:
    """A form a commune fills in the field: a big button on its home page, kept for offline use."""

    label: str
    url: str
    order: int = 50
    #: Forms reached through `url` that are kept too (a progress report per open assignment): (label, url).
    links: tuple[tuple[str, str], ...] = ()

    @property
    def kept(self) -> list[str]:
        return [self.url, *(url for _label, url in self.links)]


def field_forms(user) -> list[FieldForm]:
    """The field forms this user may fill in, from every app's `field_forms` selector, in order."""
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "field_forms", None)
        if path:
            found.extend(import_string(path)(user=user))
    return sorted(found, key=lambda f: f.order)


def static_size(name: str) -> int:
    path = finders.find(name)
    with open(path, "rb") as file:
        return len(file.read())


def _precache() -> tuple[str, list[str]]:
    digest = hashlib.sha256()
    urls = []
    for name in SHELL_STATIC:
        url = staticfiles_storage.url(name)
        urls.append(url)
        digest.update(url.encode())
        with open(finders.find(name), "rb") as file:
            digest.update(file.read())
    digest.update(render_to_string("core/sw.js", {"version": "", "precache": "[]"}).encode())
    return digest.hexdigest()[:16], urls


@lru_cache(maxsize=1)
def _precache_cached():
    return _precache()


def precache() -> tuple[str, list[str]]:
    """The worker's version and the static URLs it keeps; computed once a process (each request in DEBUG)."""
    return _precache() if settings.DEBUG else _precache_cached()


@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, from the root so it controls every page; the browser checks it on each visit."""
    version, urls = precache()
    pages = [reverse(name) for name in SHELL_PAGES]
    body = render_to_string("core/sw.js", {
        "version": version, "precache": json.dumps(urls + pages), "offline_url": reverse("core:offline"),
        "static_url": settings.STATIC_URL, "shell": json.dumps(pages)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@cache_control(max_age=86400)
def manifest(request):
    """The web app manifest: Vietnamese name, the site's colours and icons, opens on the home page."""
    data = {
        "name": _("Thông Suốt — tháo gỡ khó khăn cho chính quyền địa phương"),
        "short_name": _("Thông Suốt"),
        "lang": "vi", "start_url": reverse("portal:home"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#a3161a",
        "icons": [{"src": staticfiles_storage.url(f"thongsuot/icons/icon-{size}.png"), "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": "any maskable"} for size in (192, 512)],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


def drafts_page(request):
    """The drafts kept in this browser: drafts.js lists them from IndexedDB (the page itself holds none)."""
    return render(request, "core/drafts.html", {"forms": _forms_of(request.user)})


def offline_page(request):
    """What a page never opened before shows offline: where the drafts are, which forms still open."""
    return render(request, "core/offline.html", {"forms": _forms_of(request.user)})


def _forms_of(user) -> list[FieldForm]:
    return field_forms(user) if user.is_authenticated else []
