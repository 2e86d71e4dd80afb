"""How apps plug into the shared layout without the layout knowing them.

An app lists its navigation entries and home-page panels in its `AppConfig`:

    class ObstaclesConfig(AppConfig):
        nav_entries = [NavEntry("Khó khăn, vướng mắc", "obstacles:list", order=20)]

        def home_panels(self, request, scope):
            return [HomePanel("obstacles/_home_panel.html", {...})]

`NavEntry.visible` receives the user's `Scope` and says whether to show the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 50
    visible: Callable = field(default=lambda scope: True)


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict
    order: int = 50


def nav_for(scope) -> list[dict]:
    entries = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_entries", ()):
            if scope is None or not entry.visible(scope):
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            entries.append((entry.order, str(entry.label), url, entry.url_name))
    return [{"label": label, "url": url, "name": name} for _order, label, url, name in sorted(entries)]


def home_panels(request, scope) -> list[HomePanel]:
    panels: list[HomePanel] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "home_panels", None)
        if provider is not None:
            panels.extend(provider(request, scope))
    return sorted(panels, key=lambda p: p.order)
