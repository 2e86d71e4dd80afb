"""Fixed texts translated once per language and process.

Django translates a message every time it is asked (a lazy proxy, the active language, the catalogue
look-up: a few microseconds each). Pages that show the same few labels thousands of times, or that
anyone may load many times a second, ask here instead. Mark the messages with `gettext_noop` where they
are defined so `make messages` still finds them.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import get_language, gettext

_translated: dict[tuple[str, str], str] = {}


def translate_once(message: str) -> str:
    """`gettext(message)` in the active language, remembered for the process."""
    key = (get_language() or "", message)
    text = _translated.get(key)
    if text is None:
        text = _translated[key] = gettext(message)
    return text


class Texts:
    """A page's fixed texts by name, translated and HTML-escaped once per language.

    `TEXTS.current()["heading"]` is safe HTML (a template shows it without escaping it again)."""

    def __init__(self, **messages: str):
        self._messages = messages
        self._by_language: dict[str, dict[str, str]] = {}

    def current(self) -> dict[str, str]:
        language = get_language() or ""
        texts = self._by_language.get(language)
        if texts is None:
            texts = self._by_language[language] = {name: escape(gettext(message))
                                                   for name, message in self._messages.items()}
        return texts
