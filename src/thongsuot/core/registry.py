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

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 50
    visible: Callable = field(default=lambda scope: True)


@dataclass(frozen=True)
class HomePanel:
    template: str
    summary: str
    order: int = 50
    visible: Callable = field(default=lambda scope: True)


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
