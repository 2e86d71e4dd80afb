"""Each app with its own catalogue, and the project, carries a complete English catalogue, compiled, and
served as written."""

import gettext
import re
import shutil

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.i18n.catalogues import CATALOGUES, PACKAGE, PROJECT, messages, read_po

#: Named and positional printf placeholders, a literal percent sign, and str.format fields.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|%%|\{\w*\}")


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_message_is_translated_and_none_is_fuzzy(name):
    entries = read_po(CATALOGUES[name])
    header = entries[0]
    assert header.msgid == "" and "Language: en" in header.msgstr[0] and "fuzzy" not in header.flags
    body = entries[1:]
    assert len(body) > 10
    assert [e.msgid for e in body if "fuzzy" in e.flags] == []
    assert [e.msgid for e in body if e.obsolete] == []
    untranslated = [e.msgid for e in body if not e.msgstr or any(not text.strip() for text in e.msgstr.values())]
    assert untranslated == []
    assert [e.msgid for e in body if e.msgid_plural and sorted(e.msgstr) != [0, 1]] == []


@pytest.mark.parametrize("name", CATALOGUES)
def test_translations_keep_the_placeholders_of_their_message(name):
    wrong = [(e.msgid, text) for e in messages(name) for text in e.msgstr.values()
             if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e.msgid))]
    assert wrong == []


@pytest.mark.parametrize("name", CATALOGUES)
def test_the_compiled_catalogue_matches_its_source(name):
    """A .po edited without running compilemessages would leave the site on the old English."""
    with open(CATALOGUES[name].with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for e in messages(name):
        if e.msgid_plural:
            served = catalogue.npgettext(e.context, e.msgid, e.msgid_plural, 2) if e.context \
                else catalogue.ngettext(e.msgid, e.msgid_plural, 2)
            expected = e.msgstr[1]
        else:
            served = catalogue.pgettext(e.context, e.msgid) if e.context else catalogue.gettext(e.msgid)
            expected = e.msgstr[0]
        if served != expected:
            stale.append(e.msgid)
    assert stale == []


@pytest.mark.parametrize("name", CATALOGUES)
def test_no_other_catalogue_overrides_these_translations(name):
    """Django merges every catalogue into one: the project's and earlier apps' win on a shared
    message. Each catalogue's English must be what the site actually serves."""
    served_otherwise = []
    with translation.override("en"):
        for e in messages(name):
            if e.msgid_plural:
                served, expected = translation.ngettext(e.msgid, e.msgid_plural, 2), e.msgstr[1]
            elif e.context:
                served, expected = translation.pgettext(e.context, e.msgid), e.msgstr[0]
            else:
                served, expected = translation.gettext(e.msgid), e.msgstr[0]
            if served != expected:
                served_otherwise.append((e.context, e.msgid, served, expected))
    assert served_otherwise == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (xgettext)")
@pytest.mark.parametrize("name", CATALOGUES)
def test_the_catalogue_holds_every_message_marked_in_its_code(name, tmp_path, monkeypatch):
    """Extracting the messages again the way `make messages` does finds nothing the catalogue lacks (on a copy):
    an app's from inside the app, the project's from the package root without the apps that have their own."""
    if name == PROJECT:
        source = PACKAGE
        own_catalogue = [f"{path.parent.name}/*" for path in PACKAGE.glob("*/locale")]
    else:
        source, own_catalogue = PACKAGE / name, []
    copy = tmp_path / name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "fonts"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0, ignore_patterns=own_catalogue)
    extracted = {e.key for e in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") if e.msgid}
    assert extracted == {e.key for e in messages(name)}
