"""Request-rate limits for the API and the public lookup: fixed-window counters.

DRF's stock throttles keep a sliding log of every request's time in the cache and rewrite it on
each request; with the embedded configuration's database cache that is a write transaction (a
commit, a disk flush on PostgreSQL) before every API call. These keep one counter per client
and minute instead (one increment), in the per-process memory cache when no shared cache is
configured: each gunicorn worker then counts on its own, so a client may reach the limit once
per worker — acceptable for limits meant to stop floods, not to meter. With Redis configured
(`THONGSUOT_REDIS_URL`) the counters are shared. Limits that protect credentials (sign-in, the
token endpoint) keep the shared database counters.

Every limit counts an anonymous client by `core.context.client_ip`, never by the raw
`X-Forwarded-For` header (DRF's own `get_ident` takes the whole header as the identity when no
proxy count is set, so a client that varies the header would have a fresh counter each time).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from thongsuot.core.context import client_ip


class ClientAddressIdent:
    """Identify an anonymous client by its address as `core.context.client_ip` finds it."""

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class FixedWindowThrottle(ClientAddressIdent, SimpleRateThrottle):
    """A fixed-window counter per client and window (one increment per request)."""

    @property
    def cache(self):
        return caches["local" if "local" in settings.CACHES else "default"]

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        window = int(self.timer() // self.duration)
        self.window_end = (window + 1) * self.duration
        key = f"{ident}_{window}"
        if self.cache.add(key, 1, self.duration + 1):
            return 1 <= self.num_requests
        try:
            return self.cache.incr(key) <= self.num_requests
        except ValueError:      # expired between add and incr: a new window
            self.cache.set(key, 1, self.duration + 1)
            return True

    def wait(self):
        return max(1.0, self.window_end - self.timer())
