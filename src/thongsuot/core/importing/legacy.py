"""Text typed in the pre-Unicode Vietnamese encodings, TCVN3 (ABC) and VNI: recognised and refused.

Old spreadsheets were typed with fonts such as .VnTime (TCVN3) or VNI-Times (VNI): the file holds
Latin-1 characters that only those fonts draw as Vietnamese. Read as Unicode, "Việt Nam" typed in
TCVN3 is "ViÖt Nam" and in VNI "Vieät Nam". Importing it would store gibberish that no search
finds, so such text is refused with a message that says how to convert it (Unikey's converter).

The test is a score over the characters Vietnamese Unicode text never holds inside a word:
a Latin-1 symbol between letters ("Hµ Néi": µ is TCVN3's "à") counts 2; a non-Vietnamese Latin-1
letter counts 2 after a vowel ("ViÖt", VNI's "Vieät") and 1 elsewhere; an accented capital right
after a small letter ("TiÕng", "rÊt") counts 1. Two points make the text legacy, so a foreign name
such as "Müller" (1 point) passes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext as _

_TONES_AND_SHAPES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.isascii() and base.isalpha() and set(marks) <= _TONES_AND_SHAPES


_LATIN1 = [chr(code) for code in range(0xA1, 0x100)]
#: Latin-1 letters that are not Vietnamese (ä, ñ, ö, Ö, ø, ü …): TCVN3 and VNI use them for Vietnamese ones.
#: µ, ª and º count as letters in Unicode but are symbols to a reader: they go with the symbols.
_SYMBOL_LETTERS = "µªº"
FOREIGN_LETTERS = "".join(ch for ch in _LATIN1 if ch.isalpha() and not _is_vietnamese_letter(ch)
                          and ch not in _SYMBOL_LETTERS)
#: Latin-1 symbols that TCVN3 uses as letters (µ, ¸, ¶, ·, ¹, ¨, ©, ª, «, ¬, ®, ¡ … ¦, §, ×, ÷, ¾ …).
#: °, ±, ², ³ and ´ are left out: TCVN3 does not use them, and "25°C" is ordinary text.
SYMBOLS = "".join(ch for ch in _LATIN1 if (not ch.isalpha() or ch in _SYMBOL_LETTERS) and ch not in "°±²³´\u00ad")
VOWELS = "aeiouyAEIOUYâêôăơưÂÊÔĂƠƯ"
#: VNI writes a tone or a shape as a second byte after the vowel: "aø" (à), "eä" (ệ), "aù" (á).
VNI_MARKS = "øùûõïäåëüâêáàéèúØÙÛÕÏÄÅËÜÂÊÁÀÉÈÚ"

_SUSPECT = re.compile(f"[{re.escape(FOREIGN_LETTERS + SYMBOLS)}]")
#: « and » are also quotation marks: they count only with a letter on both sides ("T«i" is TCVN3's "Tôi").
_QUOTES = "«»"
_LETTER = r"[^\W\d_]"
_SYMBOL_IN_WORD = re.compile(
    rf"(?<={_LETTER})[{re.escape(SYMBOLS.translate({ord(q): None for q in _QUOTES}))}]"
    rf"|[{re.escape(SYMBOLS.translate({ord(q): None for q in _QUOTES}))}](?={_LETTER})"
    rf"|(?<={_LETTER})[{_QUOTES}](?={_LETTER})")
_FOREIGN_AFTER_VOWEL = re.compile(f"(?<=[{VOWELS}])[{re.escape(FOREIGN_LETTERS)}]")
_FOREIGN = re.compile(f"(?<=[^\\W\\d_])[{re.escape(FOREIGN_LETTERS)}]|[{re.escape(FOREIGN_LETTERS)}](?=[^\\W\\d_])")
_CAPITAL_AFTER_SMALL = re.compile(r"(?<=[a-z])[À-Þ]")
_VNI_PAIR = re.compile(f"[{VOWELS}][{re.escape(VNI_MARKS)}]|\\b[ñÑ]")
_TCVN3_SIGN = re.compile(f"[{re.escape(SYMBOLS)}]|(?<=[a-z])[À-Þ]")


def legacy_score(text: str) -> int:
    """Return how strongly `text` looks like TCVN3 or VNI read as Unicode (0 for ordinary text)."""
    if not _SUSPECT.search(text):
        return 0
    return (2 * len(_SYMBOL_IN_WORD.findall(text)) + len(_FOREIGN_AFTER_VOWEL.findall(text))
            + len(_FOREIGN.findall(text)) + len(_CAPITAL_AFTER_SMALL.findall(text)))


def legacy_encoding(text: str) -> str | None:
    """Return "TCVN3", "VNI" or "TCVN3/VNI" when `text` was typed in a legacy encoding, else None."""
    if legacy_score(text) < 2:
        return None
    vni, tcvn3 = len(_VNI_PAIR.findall(text)), len(_TCVN3_SIGN.findall(text))
    if vni > tcvn3:
        return "VNI"
    if tcvn3 > vni:
        return "TCVN3"
    return "TCVN3/VNI"


@lru_cache(maxsize=4096)
def legacy_refusal(text: str) -> str | None:
    """Return why `text` is refused when it is in TCVN3 or VNI, with how to convert it; None otherwise."""
    encoding = legacy_encoding(text)
    if encoding is None:
        return None
    sample = text if len(text) <= 40 else text[:37] + "…"
    source = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI Windows"}.get(encoding, "TCVN3 (ABC) / VNI Windows")
    return _("“%(sample)s” được gõ bằng bảng mã cũ %(encoding)s, không phải Unicode. Hãy chuyển tệp sang "
             "Unicode rồi tải lên lại: trong Unikey mở “Công cụ chuyển mã” (Ctrl+Shift+F6), chọn "
             "nguồn %(encoding)s, đích Unicode, rồi chuyển mã nội dung bảng tính (sao chép, chuyển mã, "
             "dán lại) và lưu tệp.") % {"sample": sample, "encoding": source}
