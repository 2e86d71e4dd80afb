"""How apps plug into the shared layout without the layout knowing them.

An app lists its navigation entries and home-page panels in its `AppConfig`:

    class ObstaclesConfig(AppConfig):
        nav_entries = [NavEntry("Khó khăn, vướng mắc", "obstacles:list", order=20)]

        home_panel = HomePanel("obstacles/_home_panel.html", "thongsuot.obstacles.selectors.home_summary",
                               order=20)

`visible` receives the user's `Scope` and says whether to show the entry or the panel. A panel's
`summary` is the dotted path of a scoped selector `summary(user=...)` that returns the template's
context, or None when it has nothing to show this user; it is imported at the first request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True, kw_only=True)
class _Placed:
    """Where an app's entry stands among the others (lower first) and to whom it shows."""

    order: int = 50
    visible: Callable = field(default=lambda scope: True)


@dataclass(frozen=True)
class NavEntry(_Placed):
    label: str
    url_name: str


@dataclass(frozen=True)
class HomePanel(_Placed):
    template: str
    summary: str


@lru_cache(maxsize=256)
def _nav_url(url_name: str, urlconf, prefix: str) -> str | None:
    """A menu entry's address: the same for every request under one URL conf and script prefix."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_for(scope) -> list[dict]:
    entries = []
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_entries", ()):
            if scope is None or not entry.visible(scope):
                continue
            url = _nav_url(entry.url_name, urlconf, prefix)
            if url is None:
                continue
            entries.append((entry.order, str(entry.label), url, entry.url_name))
    return [{"label": label, "url": url, "name": name} for _order, label, url, name in sorted(entries)]


def home_panels(request, scope) -> list[dict]:
    """The home page's panels for this user, in order: {"template", "context"} each."""
    panels = []
    for config in apps.get_app_configs():
        panel = getattr(config, "home_panel", None)
        if panel is None or scope is None or not panel.visible(scope):
            continue
        context = import_string(panel.summary)(user=request.user)
        if context is not None:
            panels.append((panel.order, panel.template, context))
    return [{"template": template, "context": context}
            for _, template, context in sorted(panels, key=lambda p: p[0])]
