"""Find the province or commune a person meant, however the spreadsheet or the search box names it.

One normaliser serves imports and the unit search boxes. Two texts name the same unit when they
agree after these rules (decision record "Unit matching"):

- Unicode NFC or NFD, capitals, spacing and punctuation ("TP.HCM", "Ea H'Leo") do not count;
- diacritics do not count (đ is d): "Dak Lak", "Đăk Lăk" and "Đắk Lắk" are one key. Where two
  units of a province differ only by their marks, the marks decide, with the old and the new tone
  placement made one ("Thanh Hoá" = "Thanh Hóa", "Thuý" = "Thúy", "hoà" = "hòa");
- the kind in front may be given or left out: "Tỉnh", "Thành phố", "TP", "TP." for a province;
  "Xã", "Phường", "Đặc khu" (and the former "Thị trấn") for a commune. When given, it decides
  between a "Xã X" and a "Phường X" of the same province;
- a province may be named by its code ("1", "01"), a common short form ("TP HCM", "HCM", "HN",
  "Sài Gòn") or a former (pre-2025) province name merged into it ("Bình Dương", "Thừa Thiên Huế");
- a commune is looked for in its province, by code (Excel's "70" is "00070"), by its name, then by
  the name or code of a former commune merged into it (the lineage `geo` loads from
  `vietnamadminunits`): one current commune → matched; several (a former commune split between
  new ones, or a name two former districts shared) → ambiguous, with the candidates; a former
  name may be narrowed by its district ("Xã Tân Hòa, Huyện Phú Giáo").

`UnitIndex` is built once (three queries) and answers from dictionaries; each distinct text is
resolved once, so 100,000 rows naming a few hundred communes take a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from thongsuot.core.text import fold
from thongsuot.geo.models import Commune, FormerUnit, Province

PROVINCE_PREFIXES = ("thanh pho truc thuoc trung uong", "thanh pho", "tinh", "tp")
COMMUNE_PREFIXES = ("dac khu", "phuong", "thi tran", "xa", "tt", "p", "x")
#: Abbreviated kinds, as lists write them ("P. Ba Đình", "X. Tân Hòa", "TT. Phú Giáo").
ABBREVIATED_KINDS = {"p": "phuong", "x": "xa", "tt": "thi tran", "tp": "thanh pho"}
DISTRICT_PREFIXES = ("quan", "huyen", "thi xa", "thanh pho", "tp")
#: Folded short forms → province code. Ambiguous ones ("DN": Đà Nẵng or Đồng Nai) are left out.
PROVINCE_SHORT_FORMS = {
    "hcm": "79", "tphcm": "79", "sai gon": "79", "saigon": "79", "sg": "79", "ho chi minh city": "79",
    "hn": "01", "tphn": "01", "hp": "31", "tphp": "31", "tt hue": "46", "tthue": "46",
    "thua thien hue": "46",
}
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# The old placement puts the tone on the first vowel of a final "oa", "oe", "uy" (hóa, thúy); the
# new one on the second (hoá, thuý). Official names use the old: move a new-style tone there.
# After "q" the "u" belongs to the consonant ("quý"), so it is left alone.
_NEW_STYLE_TONE = re.compile(rf"(?<![qQ])(?:([oO])([aAeE])|([uU])([yY]))([{_TONES}])(?![^\W\d_])")
_APOSTROPHES = re.compile(r"['’‘`]")
_NON_WORD = re.compile(r"[\W_]+")

MATCHED, AMBIGUOUS, OUTSIDE, MISSING = "matched", "ambiguous", "outside", "missing"


def tone_placed(text: str) -> str:
    """Return NFC text with new-style tone marks on "oa", "oe", "uy" moved where official names put them."""
    decomposed = unicodedata.normalize("NFD", text or "")
    moved = _NEW_STYLE_TONE.sub(lambda m: (m[1] or m[3]) + m[5] + (m[2] or m[4]), decomposed)
    return unicodedata.normalize("NFC", moved)


def _words(text: str, *, marks: bool) -> list[str]:
    text = _APOSTROPHES.sub("", text or "")
    text = tone_placed(text).casefold() if marks else fold(text)
    return [w for w in _NON_WORD.split(text) if w]


@lru_cache(maxsize=65536)
def split_prefix(text: str, prefixes: tuple[str, ...], *, marks: bool = False) -> tuple[str, str]:
    """Return (the kind named in front, folded, or ""; the rest as a key), e.g. ("xa", "tan hoa")."""
    words = _words(text, marks=marks)
    folded = [fold(w) for w in words] if marks else words
    for prefix in prefixes:
        head = prefix.split()
        if folded[:len(head)] == head and len(words) > len(head):
            return ABBREVIATED_KINDS.get(prefix, prefix), " ".join(words[len(head):])
    return "", " ".join(words)


def unit_key(text: str, prefixes: tuple[str, ...] = ()) -> str:
    """Return the folded key of a unit name without its kind: "Thành phố Hồ Chí Minh" → "ho chi minh"."""
    return split_prefix(text, prefixes)[1]


def marked_key(text: str, prefixes: tuple[str, ...] = ()) -> str:
    """Return the key with its diacritics (tone placement made one), to tell "Hòa" from "Hoa"."""
    return split_prefix(text, prefixes, marks=True)[1]


def province_key(text: str) -> str:
    """Return the key a province is known by, short forms resolved to its code ("TP HCM" → "#79")."""
    key = unit_key(text, PROVINCE_PREFIXES)
    compact = key.replace(" ", "")
    code = PROVINCE_SHORT_FORMS.get(key) or PROVINCE_SHORT_FORMS.get(compact)
    return f"#{code}" if code else key


@dataclass(frozen=True)
class UnitMatch:
    """What a text names: `status` is matched, ambiguous (see `candidates`), outside (the unit is in
    another province than the one asked for) or missing; `via` says how it was found."""

    status: str
    unit: Any = None
    candidates: tuple = ()
    via: str = ""

    @property
    def ok(self) -> bool:
        return self.status == MATCHED


def _result(found, via: str) -> UnitMatch:
    found = sorted(set(found), key=lambda u: u.code)
    if len(found) == 1:
        return UnitMatch(MATCHED, found[0], tuple(found), via)
    return UnitMatch(AMBIGUOUS, None, tuple(found), via)


@dataclass(frozen=True)
class FormerEntry:
    """A former commune as the index needs it: where it went, its kind, district and province."""

    commune: Any
    code: str
    name: str
    district_name: str
    province_name: str


class UnitIndex:
    """Provinces and communes keyed by every way of naming them; see the module's rules."""

    def __init__(self, provinces, communes, former: list[FormerEntry] = ()):
        self.provinces = {p.code: p for p in provinces}
        self.province_keys: dict[str, set] = defaultdict(set)
        for p in provinces:
            self.province_keys[f"#{p.code}"].add(p)
            for name in (p.name, p.short_name):
                self.province_keys[province_key(name)].add(p)
        # Former province names ("Tỉnh Bình Dương") lead to the provinces their communes are in now.
        self.former_province_keys: dict[str, set] = defaultdict(set)
        for entry in former:
            self.former_province_keys[province_key(entry.province_name)].add(entry.commune.province)

        self.communes = {c.code: c for c in communes}
        #: (province code or "", folded bare name) → communes; "" holds the whole country.
        self.commune_names: dict[tuple[str, str], list] = defaultdict(list)
        for c in communes:
            bare = unit_key(c.name, COMMUNE_PREFIXES)
            self.commune_names[(c.province.code, bare)].append(c)
            self.commune_names[("", bare)].append(c)
        self.former_names: dict[tuple[str, str], list[FormerEntry]] = defaultdict(list)
        self.former_codes: dict[tuple[str, str], list[FormerEntry]] = defaultdict(list)
        for entry in former:
            province = entry.commune.province.code
            bare = unit_key(entry.name, COMMUNE_PREFIXES)
            for scope in (province, ""):
                self.former_names[(scope, bare)].append(entry)
                if entry.code:
                    self.former_codes[(scope, entry.code)].append(entry)
        self._memo: dict[tuple, UnitMatch] = {}

    @classmethod
    def build(cls) -> UnitIndex:
        """Read every province, commune and former commune (three queries)."""
        provinces = list(Province.objects.all())
        by_id = {p.id: p for p in provinces}
        communes = list(Commune.objects.only("id", "code", "name", "kind", "province_id"))
        for c in communes:
            c.province = by_id[c.province_id]
        commune_by_id = {c.id: c for c in communes}
        former = [FormerEntry(commune_by_id[commune_id], code, name, district, province)
                  for commune_id, code, name, district, province in FormerUnit.objects.values_list(
                      "commune_id", "code", "name", "district_name", "province_name")]
        return cls(provinces, communes, former)

    # Provinces ----------------------------------------------------------------------------------

    def province(self, text: str) -> UnitMatch:
        """Match a province by code, name, short form or former name."""
        memo_key = ("p", text)
        if memo_key in self._memo:
            return self._memo[memo_key]
        result = self._province(str(text or "").strip())
        self._memo[memo_key] = result
        return result

    def _province(self, text: str) -> UnitMatch:
        if not text:
            return UnitMatch(MISSING)
        if text.isdigit():
            found = self.provinces.get(text.zfill(2))
            return UnitMatch(MATCHED, found, (found,), "code") if found else UnitMatch(MISSING)
        key = province_key(text)
        if key in self.province_keys:
            return _result(self.province_keys[key], "name")
        if key in self.former_province_keys:
            return _result(self.former_province_keys[key], "former name")
        return UnitMatch(MISSING)

    # Communes ----------------------------------------------------------------------------------

    def commune(self, text: str, province=None) -> UnitMatch:
        """Match a commune of `province` (any province when None) by code, name, or former name or code.

        A commune found only in another province is `outside`, so an import can say so instead of
        "not found".
        """
        memo_key = ("c", text, province.code if province is not None else "")
        if memo_key in self._memo:
            return self._memo[memo_key]
        result = self._commune(str(text or "").strip(), province)
        self._memo[memo_key] = result
        return result

    def _commune(self, text: str, province) -> UnitMatch:
        if not text:
            return UnitMatch(MISSING)
        scope = province.code if province is not None else ""
        if text.isdigit():
            return self._commune_code(text.zfill(5), province)
        name, *qualifiers = [part.strip() for part in text.split(",") if part.strip()] or [text]
        if province is None:
            for qualifier in qualifiers:
                found = self.province(qualifier)
                if found.ok:
                    province, scope = found.unit, found.unit.code
                    qualifiers.remove(qualifier)
                    break
        kind, bare = split_prefix(name, COMMUNE_PREFIXES)
        current = self.commune_names.get((scope, bare), [])
        if current:
            return _result(_narrow(current, name, kind), "name")
        former = self.former_names.get((scope, bare), [])
        if former:
            entries = _narrow_former(former, kind, qualifiers)
            return _result([e.commune for e in entries], "former name")
        if province is not None:
            elsewhere = self.commune_names.get(("", bare), [])
            if elsewhere:
                return UnitMatch(OUTSIDE, elsewhere[0] if len(elsewhere) == 1 else None, tuple(elsewhere), "name")
        return UnitMatch(MISSING)

    def _commune_code(self, code: str, province) -> UnitMatch:
        found = self.communes.get(code)
        if found is not None:
            if province is None or found.province.code == province.code:
                return UnitMatch(MATCHED, found, (found,), "code")
            return UnitMatch(OUTSIDE, found, (found,), "code")
        scope = province.code if province is not None else ""
        former = self.former_codes.get((scope, code), [])
        if former:
            return _result([e.commune for e in former], "former code")
        return UnitMatch(MISSING)


def _narrow(communes: list, name: str, kind: str) -> list:
    """Of several communes with one folded name, keep those of the kind named, then of the marks typed."""
    if len(communes) > 1 and kind:
        same_kind = [c for c in communes if split_prefix(c.name, COMMUNE_PREFIXES)[0] == kind]
        communes = same_kind or communes
    if len(communes) > 1:
        typed = marked_key(name, COMMUNE_PREFIXES)
        same_marks = [c for c in communes if marked_key(c.name, COMMUNE_PREFIXES) == typed]
        communes = same_marks or communes
    return communes


def _narrow_former(entries: list[FormerEntry], kind: str, qualifiers: list[str]) -> list[FormerEntry]:
    """Of former communes with the name, keep those of the district named after a comma, and of the kind."""
    for qualifier in qualifiers:
        district = unit_key(qualifier, DISTRICT_PREFIXES)
        in_district = [e for e in entries if unit_key(e.district_name, DISTRICT_PREFIXES) == district]
        entries = in_district or entries
    if kind and len({e.commune.code for e in entries}) > 1:
        same_kind = [e for e in entries if split_prefix(e.name, COMMUNE_PREFIXES)[0] == kind]
        entries = same_kind or entries
    return entries
