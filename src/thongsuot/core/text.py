"""Vietnamese text folding: the one helper every search in the platform uses.

`fold("Hà Nội")`, `fold("HÀ NỘI")`, `fold("ha noi")` and the NFD spelling all give
"ha noi", so a search typed without diacritics, in capitals, or by a keyboard that
sends decomposed Unicode finds the same records. Records store the folded form of
their searchable text in an indexed column (`search_key`), so the search is a plain
`LIKE` that works the same on SQLite and PostgreSQL.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark: NFD does not split them.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the form the platform stores."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Return text lower-cased, without diacritics, with single spaces."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_SPECIAL).casefold()).strip()


def search_terms(query: str, max_terms: int = 8) -> list[str]:
    """Split a user's query into folded terms, each of which must match."""
    return [term for term in fold(query)[:200].split(" ") if term][:max_terms]


def filter_folded(queryset, query: str, field: str = "search_key"):
    """Keep the rows whose folded `field` contains every term of `query`."""
    for term in search_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


class SearchKeyed:
    """A model mixin: its `search_key` column holds the folded text of `search_fields`.

    The one place a record's search column is computed: `save` fills it, and bulk paths
    (seeding, unit loading, imports), which skip `save`, call `refresh_search_key()` on
    each object. The text is cut to the column's `max_length`.
    """

    #: The fields whose text is folded into `search_key`, in order.
    search_fields: tuple[str, ...] = ()

    def refresh_search_key(self) -> None:
        text = " ".join(str(getattr(self, name) or "") for name in self.search_fields)
        self.search_key = fold(text)[: self._meta.get_field("search_key").max_length]

    def save(self, *args, **kwargs):
        self.refresh_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_key" not in update_fields \
                and set(update_fields) & set(self.search_fields):
            kwargs["update_fields"] = [*update_fields, "search_key"]
        super().save(*args, **kwargs)
