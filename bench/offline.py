"""A commune on a weak line: every page of demo.xa opened on Slow 3G, first and repeat visit.

Slow 3G is 400 kbps down and up with 400 ms latency. The first visit (no service worker yet) is
slowed by Chromium's own emulation (CDP `Network.emulateNetworkConditions`). From the repeat visit
on, the service worker fetches pages itself and CDP's emulation of the page does not reach it, so a
loopback proxy in front of gunicorn shapes every request the same way (400 ms, 50 KB/s) and gzips
as deploy/nginx does. The proxy counts the bytes really sent: a repeat visit must send ≤ 30 KB and
every page must open (load event) within 3 s. Then the line is cut: the shell and the four field
forms must still open.

    python bench/offline.py                # prepares var/bench/ and runs gunicorn
    python bench/offline.py --base URL     # an already running platform (demo data seeded)
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import socket
import sys
import threading
import time
import urllib.parse
from contextlib import nullcontext
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LATENCY = 0.4                 # seconds, each way together (a round trip)
BYTES_PER_SECOND = 400_000 / 8
LIMIT_SECONDS, LIMIT_BYTES = 3.0, 30 * 1024
TEXT = ("text/", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml")


class Proxy:
    """Forward to the platform; gzip text like nginx; optionally shape like Slow 3G; count bytes sent."""

    def __init__(self, upstream: str):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.shape = False
        self.sent = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._forward()

            def do_POST(self):
                self._forward()

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("accept-encoding", "connection")}
                headers["Host"] = self.headers.get("Host", "")
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                kind = answer.getheader("Content-Type", "")
                zipped = ("gzip" in (self.headers.get("Accept-Encoding") or "") and len(data) >= 1024
                          and kind.startswith(TEXT))
                if zipped:
                    data = gzip.compress(data, compresslevel=5)
                self.send_response_only(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(name, value)
                if zipped:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                head = sum(len(f"{n}: {v}\r\n") for n, v in answer.getheaders()) + 40
                if proxy.shape:
                    time.sleep(LATENCY + (len(data) + head + (length or 0)) / BYTES_PER_SECOND)
                self.wfile.write(data)
                with proxy.lock:
                    proxy.sent += len(data) + head
                conn.close()

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.base = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> int:
        with self.lock:
            sent, self.sent = self.sent, 0
        return sent


SLOW_3G = {"offline": False, "latency": LATENCY * 1000, "downloadThroughput": BYTES_PER_SECOND,
           "uploadThroughput": BYTES_PER_SECOND}


def run(base: str) -> int:
    from playwright.sync_api import sync_playwright

    proxy = Proxy(base)
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{proxy.base}/dang-nhap/")
        page.fill("#id_username", "demo.xa")
        page.fill("#id_password", "thongsuot-demo")
        page.click("button[type=submit].primary")
        page.wait_for_load_state("networkidle")
        nav = page.locator("nav.mainnav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        kept = (page.locator("[data-keep-offline]").get_attribute("data-keep-offline") or "").split()
        pages = list(dict.fromkeys(["/", *nav, *(u.split("#")[0] for u in kept)]))
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        page.wait_for_timeout(3000)                 # the worker keeps the field forms
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        print(f"{'page':<48} {'first s':>8} {'repeat s':>9} {'repeat KB':>10}")
        first_context = browser.new_context(locale="vi-VN", storage_state=context.storage_state(),
                                            service_workers="block")
        cold = first_context.new_page()
        cold_cdp = first_context.new_cdp_session(cold)
        cold_cdp.send("Network.enable")
        cold_cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        for url in pages:
            started = time.perf_counter()
            cold.goto(f"{proxy.base}{url}", wait_until="load", timeout=60_000)
            first = time.perf_counter() - started
            page.goto(f"{proxy.base}{url}", wait_until="load")       # warm: the worker and caches have it
            page.wait_for_timeout(300)
            proxy.take()
            proxy.shape = True
            started = time.perf_counter()
            page.goto(f"{proxy.base}{url}", wait_until="load", timeout=60_000)
            repeat = time.perf_counter() - started
            page.wait_for_timeout(200)
            proxy.shape = False
            sent = proxy.take()
            ok = first <= LIMIT_SECONDS and repeat <= LIMIT_SECONDS and sent <= LIMIT_BYTES
            failures += not ok
            print(f"{url:<48} {first:8.2f} {repeat:9.2f} {sent / 1024:10.1f}{'' if ok else '   OVER'}", flush=True)
        first_context.close()
        context.set_offline(True)
        for url in ["/", "/ban-nhap/", *(u.split("#")[0] for u in kept)]:
            answer = page.goto(f"{proxy.base}{url}")
            heading = page.locator("main h1").first.inner_text()
            opened = answer is not None and answer.ok and "ngoại tuyến" not in heading.lower()
            failures += not opened
            print(f"offline {url:<40} {'opens' if opened else 'DOES NOT OPEN'}: {heading[:40]}", flush=True)
        browser.close()
    print("Slow 3G: every commune page within 3 s, a repeat visit ≤ 30 KB: " + ("yes" if not failures else "NO"))
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", help="an already running platform with the demo data")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium không có tại {CHROMIUM}: bỏ qua.")
        return 0
    if not args.base:
        common.prepare()
    with nullcontext(args.base) if args.base else common.gunicorn() as base:
        return run(base)


if __name__ == "__main__":
    sys.exit(main())
