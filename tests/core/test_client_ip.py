"""The client's address: X-Forwarded-For is believed only from our own proxies (core.context.client_ip).

A client that sends a different X-Forwarded-For with each request must not get a fresh counter
each time, neither from the API's limits nor from the public lookup's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIClient

from thongsuot.api.throttling import ApiAnonThrottle, TokenThrottle
from thongsuot.core.context import client_ip
from thongsuot.procedures.throttling import PublicLookupThrottle

CLIENT = "203.0.113.9"
NGINX = "127.0.0.1"


def forged(i: int) -> str:
    return f"198.51.{i // 250}.{i % 250 + 1}"


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    (CLIENT, "", CLIENT),
    (CLIENT, "1.2.3.4", CLIENT),                       # a direct peer is the client, whatever it says
    (CLIENT, "1.2.3.4, 127.0.0.1", CLIENT),
    ("", "1.2.3.4", None),
    ("2001:db8::1", "1.2.3.4", "2001:db8::1"),
])
def test_without_trusted_proxies_the_socket_address_is_the_client(settings, peer, forwarded, expected, rf):
    settings.TRUSTED_PROXIES = []
    assert client_ip(rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)) == expected


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    (NGINX, CLIENT, CLIENT),                            # nginx appended the address it saw
    (NGINX, f"6.6.6.6, {CLIENT}", CLIENT),              # whatever the client wrote on the left is ignored
    (NGINX, f"6.6.6.6, {CLIENT}, 10.1.2.3", CLIENT),    # a load balancer of ours in between
    (NGINX, "", NGINX),                                 # nothing forwarded: the proxy itself
    (NGINX, "10.1.2.3", "10.1.2.3"),                    # only our own hops: the farthest of them
    (NGINX, f"{CLIENT}, not-an-address", NGINX),        # garbage from the proxy: stop at what it vouched for
    ("::1", "2001:db8::7", "2001:db8::7"),
    ("::ffff:127.0.0.1", CLIENT, CLIENT),               # IPv4 peers seen through an IPv6 socket
    (CLIENT, "6.6.6.6", CLIENT),                        # the header from an untrusted peer is never read
])
def test_behind_trusted_proxies_the_rightmost_foreign_address_is_the_client(behind_nginx, rf, peer,
                                                                             forwarded, expected):
    assert client_ip(rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)) == expected


def anon_allowed(throttle_class, rf, peer, forwarded):
    request = Request(rf.get("/api/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded))
    request.user = AnonymousUser()
    return throttle_class().allow_request(request, None)


@pytest.mark.parametrize("throttle_class", [ApiAnonThrottle, TokenThrottle])
def test_a_random_forwarded_header_does_not_escape_the_api_limits(db, rf, monkeypatch, throttle_class):
    monkeypatch.setattr(throttle_class, "THROTTLE_RATES", {"anon": "5/min", "user": "5/min"})
    monkeypatch.setattr(throttle_class, "timer", lambda self: 1_800_000_010.0)
    allowed = [anon_allowed(throttle_class, rf, CLIENT, forged(i)) for i in range(70)]
    assert allowed.count(True) == 5


def test_from_a_trusted_proxy_the_forwarded_client_is_counted(db, rf, monkeypatch, behind_nginx):
    monkeypatch.setattr(ApiAnonThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    monkeypatch.setattr(ApiAnonThrottle, "timer", lambda self: 1_800_000_010.0)
    # Two clients behind the same nginx have a counter each; forging the left part changes nothing.
    first = [anon_allowed(ApiAnonThrottle, rf, NGINX, f"{forged(i)}, {CLIENT}") for i in range(3)]
    assert first == [True, True, False]
    assert anon_allowed(ApiAnonThrottle, rf, NGINX, "203.0.113.10")


def test_a_random_forwarded_header_does_not_escape_the_public_lookup_limit(db, monkeypatch):
    monkeypatch.setattr(PublicLookupThrottle, "THROTTLE_RATES", {"public_lookup": "5/min"})
    monkeypatch.setattr(PublicLookupThrottle, "timer", lambda self: 1_800_000_030.0)
    page, api = Client(REMOTE_ADDR=CLIENT), APIClient(REMOTE_ADDR=CLIENT)
    pages = [page.get("/tra-cuu/?ma=X00070-251103-0001", HTTP_X_FORWARDED_FOR=forged(i)).status_code
             for i in range(35)]
    calls = [api.get("/api/procedures/lookup/X00070-251103-0001/", HTTP_X_FORWARDED_FOR=forged(i)).status_code
             for i in range(35, 70)]
    assert (pages + calls).count(429) == 65


def test_the_public_lookup_counts_the_forwarded_client_behind_our_proxy(db, monkeypatch, behind_nginx):
    monkeypatch.setattr(PublicLookupThrottle, "THROTTLE_RATES", {"public_lookup": "2/min"})
    monkeypatch.setattr(PublicLookupThrottle, "timer", lambda self: 1_800_000_030.0)
    page = Client(REMOTE_ADDR=NGINX)
    codes = [page.get("/tra-cuu/?ma=X", HTTP_X_FORWARDED_FOR=f"{forged(i)}, {CLIENT}").status_code
             for i in range(3)]
    assert codes == [200, 200, 429]
    assert page.get("/tra-cuu/?ma=X", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_the_audit_log_records_the_same_address(db, behind_nginx):
    from thongsuot.audit.models import AuditEvent

    Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT}").post(
        "/dang-nhap/", {"username": "demo.xa", "password": "sai-mat-khau"})
    assert AuditEvent.objects.get(action="sign_in_failed").ip == CLIENT
