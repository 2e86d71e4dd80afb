"""Read a gettext catalogue (.po) with the standard library only."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import thongsuot

PACKAGE = Path(thongsuot.__file__).resolve().parent
#: The apps whose English lives in their own catalogue, in INSTALLED_APPS order.
APPS = ("notifications", "obstacles", "decentralisation", "directives", "staffing", "procedures", "facilities",
        "reports", "campaign")
#: The project's catalogue (LOCALE_PATHS): core, accounts, geo, audit and the shared templates, extracted
#: from the package root with the apps that have their own catalogue left out (`make messages`).
PROJECT = "project"


def po_path(name: str) -> Path:
    """Return the English catalogue of an app, or the project's for PROJECT."""
    return (PACKAGE if name == PROJECT else PACKAGE / name) / "locale" / "en" / "LC_MESSAGES" / "django.po"


#: Every catalogue checked, by name: the apps' and the project's.
CATALOGUES = {name: po_path(name) for name in (*APPS, PROJECT)}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    context: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def read_po(path: Path) -> list[Entry]:
    """Return the entries of a .po file, the header (empty msgid) included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def close():
        nonlocal entry
        if entry is not None and (entry.msgid or entry.msgstr):
            entries.append(entry)
        entry = None

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry.context, target = ast.literal_eval(line[8:]), ("context", 0)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = ast.literal_eval(line[13:]), ("msgid_plural", 0)
        elif line.startswith("msgid "):
            entry.msgid, target = ast.literal_eval(line[6:]), ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            entry.msgstr[index], target = ast.literal_eval(line[line.index("]") + 2:]), ("msgstr", index)
        elif line.startswith("msgstr "):
            entry.msgstr[0], target = ast.literal_eval(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            part = ast.literal_eval(line)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += part
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + part)
    close()
    return entries


def messages(name: str) -> list[Entry]:
    """Return the translatable entries of a catalogue named in CATALOGUES (without the header)."""
    return [e for e in read_po(CATALOGUES[name]) if e.msgid]
