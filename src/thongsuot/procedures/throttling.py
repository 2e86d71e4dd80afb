"""The public lookup's rate limit, shared by the lookup page and its API."""

from thongsuot.core.throttling import FixedWindowThrottle


class PublicLookupThrottle(FixedWindowThrottle):
    """The `public_lookup` rate per client address, for the lookup page and the API alike."""

    scope = "public_lookup"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
