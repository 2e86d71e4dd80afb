"""Public pages served to anonymous visitors from a layout rendered once per language and title.

The site layout (`base.html`) is the same for every visitor who is not signed in, except in two
places: the page's content, and the path the footer's language links return to. A public page that
anyone may load many times a second — the dossier lookup — renders the layout once per process,
language and page title with markers in those two places, and then fills them in per request: a
join of a few strings instead of the template engine walking the whole layout again (about 0.3 ms
of CPU a request, more than the lookup's own query). The layout has no per-visitor CSRF token for
anonymous visitors — the language choice is a link (core.views.set_language) — so there is nothing
else to fill in and no cookie to set.

Only visitors with neither a session cookie nor a messages cookie get the pre-rendered layout: they
are anonymous and have no messages waiting. Everyone else gets the ordinary render of the same
templates (`core/public_page.html` around the page's body). `tests/core/test_layout.py` checks that
the two give the same page, so a change to `base.html` that the pre-rendered layout does not
follow fails there.

A page's body template is rendered from its own context only (no context processors): keep
everything it shows in the context the view passes.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.translation import get_language

PAGE_TEMPLATE = "core/public_page.html"

# Markers the layout is rendered with: letters and hyphens, which neither HTML escaping nor URL
# encoding (the `next` path is written `|urlencode`) alters.
_CONTENT, _NEXT = "thongsuot-slot-content-b1e4", "thongsuot-slot-next-b1e4"
_SLOTS = re.compile(f"({_CONTENT}|{_NEXT})")


class _Marker:
    """Stands in for the body template and for the request while the layout is rendered."""

    def render(self, context=None) -> str:       # {% include body_template %}
        return _CONTENT

    def get_full_path(self) -> str:               # {{ request.get_full_path|urlencode }}
        return _NEXT


class Layout:
    """The layout split at its markers: literal text at even positions, slots at odd ones."""

    def __init__(self, html: str):
        self.parts = tuple(_SLOTS.split(html))

    def fill(self, *, content: str, next_path: str) -> str:
        values = {_CONTENT: content, _NEXT: escape(quote(next_path))}     # as `|urlencode` writes it
        return "".join(values[part] if index % 2 else part for index, part in enumerate(self.parts))


_layouts: dict[tuple[str, str], Layout] = {}


def anonymous_layout(title: str) -> Layout:
    """The layout an anonymous visitor without messages sees, for the active language and `title`."""
    key = (get_language() or "", title)
    layout = None if settings.DEBUG else _layouts.get(key)    # DEBUG: templates may change under us
    if layout is None:
        marker = _Marker()
        # Every variable base.html reads, with the values an anonymous visitor's request gives.
        html = get_template(PAGE_TEMPLATE).render({
            "page_title": title, "body_template": marker, "request": marker,
            "user": AnonymousUser(), "messages": (), "scope": None, "nav": [], "unread_notifications": 0,
            "production": settings.PRODUCTION, "LANGUAGE_CODE": get_language(), "LANGUAGES": settings.LANGUAGES,
        })
        layout = _layouts[key] = Layout(html)
    return layout


def may_use_anonymous_layout(request) -> bool:
    """True for a visitor with no session (so not signed in) and no messages waiting in a cookie."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def render_public(request, body_template: str, context: dict, *, title: str, status: int = 200) -> HttpResponse:
    """Render a public page: `body_template` inside the site layout, under `title`."""
    if may_use_anonymous_layout(request):
        content = get_template(body_template).render(context)
        html = anonymous_layout(str(title)).fill(content=content, next_path=request.get_full_path())
        return HttpResponse(html, status=status)
    return render(request, PAGE_TEMPLATE, {**context, "page_title": title, "body_template": body_template},
                  status=status)
