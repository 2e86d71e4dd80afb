"""How heavy each main page is on first load, for every demo persona, at national scale (issue 16).

Signs in as each persona (and visits as an anonymous member of the public), fetches the main pages —
every link of the main menu, every tab (`nav.subnav`) of those pages, and the list and dashboard
pages of each module named in `PAGES` — and prints, per page, the HTML and the stylesheet and
scripts it loads (each asset counted once per page: a first load has nothing cached), uncompressed
and gzip-compressed as nginx sends them.

A page fails when its first load as sent (gzip HTML + gzip assets, as tests/core/test_pages.py
counts the home page) is over 150 KB, or its HTML alone is over 150 KB uncompressed (the map's
rule, tests/campaign). Exits 1 then. Uses the shared harness (bench/common.py: gunicorn -w 2 on
the national-scale data):

    THONGSUOT_DATABASE_URL=postgres://… python bench/page_sizes.py [demo.tinh anonymous …]

The names given (personas, `anonymous`) narrow the run to them.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

LIMIT = 150_000
PERSONAS = ("demo.quocgia", "demo.tinh", "demo.bo", "demo.xa", "")  # "" = anonymous visitor
#: The list and dashboard pages of each module (tried for every persona; a page a persona may not
#: open — 403, 404 or a redirect to sign in — is listed as such and not weighed).
PAGES = (
    "/", "/dang-nhap/", "/dia-ban/", "/dia-ban/xa/",
    "/chien-dich/", "/chien-dich/bieu-do/", "/chien-dich/ban-do/",
    "/kho-khan/", "/kho-khan/cho-xu-ly/", "/kho-khan/tong-hop/", "/kho-khan/thoi-han/",
    "/kho-khan/cong-van/", "/kho-khan/cong-van/thoi-gian-tra-loi/", "/kho-khan/thong-bao/",
    "/chi-dao/", "/chi-dao/duoc-giao/", "/phan-cap/",
    "/nhan-su/", "/nhan-su/thieu-hut/", "/nhan-su/can-bo/", "/nhan-su/quyet-dinh/", "/nhan-su/dao-tao/",
    "/nhan-su/phu-cap-di-lai/",
    "/co-so-vat-chat/", "/co-so-vat-chat/san-sang/", "/co-so-vat-chat/tru-so/", "/co-so-vat-chat/phuong-an/",
    "/co-so-vat-chat/thiet-bi/", "/co-so-vat-chat/de-nghi/", "/co-so-vat-chat/ket-noi/", "/co-so-vat-chat/su-co/",
    "/co-so-vat-chat/nen-tang/",
    "/thu-tuc/", "/thu-tuc/ho-so/", "/thu-tuc/so-lieu/", "/tra-cuu/", "/tra-cuu/so-lieu/",
    "/bao-cao/", "/bao-cao/danh-sach/", "/nhap-excel/", "/thong-bao/", "/ban-nhap/",
    "/thanh-vien/", "/nhat-ky/", "/tai-khoan/",
)

#: Links that change state or only switch the language.
SKIP = ("/dang-xuat/", "/ngon-ngu/")
LOGIN = "/dang-nhap/"


class _Page(HTMLParser):
    """The menu and tab links, and the stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.links, self.assets, self._nav = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav":
            classes = (a.get("class") or "").split()
            self._nav += 1 if {"mainnav", "subnav"} & set(classes) else 0
        elif tag == "a" and self._nav and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(base: str, username: str):
    if username:
        opener = common.session_opener(base, username)
    else:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    # The same cookies, but redirects are reported rather than followed (a page that sends this
    # persona elsewhere is not one of its pages).
    cookies = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    return urllib.request.build_opener(cookies, _NoRedirect())


def _get(opener, url: str) -> tuple[int, bytes, str]:
    """(status, body, where a redirect points)."""
    try:
        with opener.open(url) as answer:
            return answer.status, answer.read(), ""
    except urllib.error.HTTPError as error:
        return error.code, b"", error.headers.get("Location", "")


def main() -> int:
    common.prepare(national=True)
    failed = []
    with common.gunicorn() as base:
        assets: dict[str, tuple[int, int]] = {}
        chosen = [p for p in sys.argv[1:] if not p.startswith("-")]
        for username in [p for p in PERSONAS if not chosen or (p or "anonymous") in chosen]:
            who = username or "anonymous"
            opener = _opener(base, username)
            queue, seen = list(PAGES), set()
            print(f"\n== {who}", flush=True)
            print(f"{'page':<42} {'HTML':>8} {'gzip':>7} {'assets':>8} {'gzip':>7} {'first load':>11} "
                  f"{'as sent':>8}", flush=True)
            while queue:
                path = queue.pop(0)
                if path in seen or "?" in path or path.startswith(SKIP):
                    continue
                seen.add(path)
                status, html, location = _get(opener, f"{base}{path}")
                location = location.removeprefix(base)
                if status in (301, 302) and location.startswith("/") and not location.startswith(LOGIN):
                    # The national address takes a province or a commune to its own place: weigh that.
                    print(f"{path:<42} → {location}", flush=True)
                    queue.insert(0, location)
                    continue
                if status != 200 or not html.lstrip().startswith(b"<!"):
                    if path in PAGES:
                        print(f"{path:<42} ({status}: not this persona's page)", flush=True)
                    continue
                page = _Page()
                page.feed(html.decode("utf-8", "replace"))
                queue.extend(link for link in page.links if link not in seen)
                raw, packed = 0, 0
                for url in dict.fromkeys(page.assets):
                    if url not in assets:
                        _status, body, _location = _get(opener, f"{base}{url}")
                        assets[url] = (len(body), len(gzip.compress(body)))
                    raw += assets[url][0]
                    packed += assets[url][1]
                html_gz = len(gzip.compress(html))
                sent = html_gz + packed
                over = sent > LIMIT or len(html) > LIMIT
                print(f"{path:<42} {len(html) / 1000:7.1f}K {html_gz / 1000:6.1f}K {raw / 1000:7.1f}K "
                      f"{packed / 1000:6.1f}K {(len(html) + raw) / 1000:10.1f}K {sent / 1000:7.1f}K"
                      f"{'   OVER 150 KB' if over else ''}", flush=True)
                if over:
                    failed.append((who, path))
        print("\nassets:", ", ".join(f"{url.rsplit('/', 1)[-1]} {raw / 1000:.1f}K ({packed / 1000:.1f}K gzip)"
                                     for url, (raw, packed) in assets.items()), flush=True)
    for who, path in failed:
        print(f"over 150 KB: {who} {path}", flush=True)
    print("every page within 150 KB" if not failed else f"{len(failed)} page(s) over 150 KB", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
