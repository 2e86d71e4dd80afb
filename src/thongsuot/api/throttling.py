"""The API's rate limits: fixed-window counters per signed-in user and per anonymous address."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from thongsuot.core.throttling import ClientAddressIdent, FixedWindowThrottle


class ApiUserThrottle(FixedWindowThrottle, UserRateThrottle):
    """`user` rate per signed-in user (per address when anonymous)."""


class ApiAnonThrottle(FixedWindowThrottle, AnonRateThrottle):
    """`anon` rate per address for anonymous calls."""


class TokenThrottle(ClientAddressIdent, AnonRateThrottle):
    """`anon` rate per address for the token endpoint, in the shared cache (credentials are guessed there)."""
