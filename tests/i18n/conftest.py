"""Reading the site in English: switch the way the site does, and find what is left in Vietnamese."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest

#: Letters only Vietnamese uses (đ, ơ, ư, ă and the tone marks); English pages should have none outside data.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
                        re.IGNORECASE)


class _Text(HTMLParser):
    """Collect what a reader sees: text outside scripts and styles, and the attributes read aloud."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.chunks += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def page_of(response) -> str:
    """Return a response's HTML with entities decoded, to look for labels as a reader sees them."""
    return unescape(response.content.decode())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


#: Shown on every page and Vietnamese on purpose in every language: the brand, and the language's own
#: name in the footer's language links.
NOT_OURS = ("Thông Suốt", "Tiếng Việt")
#: Numbers and symbols of official documents ("150/2025/NĐ-CP", "45/QĐ-UBND") are cited as issued.
DOCUMENT_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[0-9A-ZĐÂĂÊÔƠƯ]+(?:-[0-9A-ZĐÂĂÊÔƠƯ]+)*")


def vietnamese_left(html: str, data=()) -> list[str]:
    """Return the visible pieces of text still in Vietnamese, once the page's own data is removed.

    `data` lists what the records themselves say (names of people, places, agencies, titles typed
    by users): those stay Vietnamese in every language.
    """
    known = sorted({*data, *NOT_OURS}, key=len, reverse=True)
    left = []
    for chunk in visible_text(html):
        for text in known:
            chunk = chunk.replace(text, " ")
        chunk = DOCUMENT_NUMBER.sub(" ", chunk)
        if VIETNAMESE.search(chunk):
            left.append(" ".join(chunk.split()))
    return left


def people_and_places(*usernames: str) -> set[str]:
    """Return the names a page shows about the signed-in personas: people, agencies, places."""
    from thongsuot.accounts.models import User

    names = set()
    for user in User.objects.filter(username__in=usernames).select_related(
            "membership__agency__province", "membership__agency__commune"):
        agency = user.membership.agency
        names |= {user.full_name, agency.name}
        names |= {place.name for place in (agency.province, agency.commune) if place is not None}
    return names


@pytest.fixture
def english(client_for):
    """Return a client signed in as the persona that has chosen English in the footer (the language link)."""

    def make(username: str):
        client = client_for(username)
        response = client.get("/ngon-ngu/en/?next=/")
        assert response.status_code == 302 and client.cookies["django_language"].value == "en"
        return client

    return make
