"""What the current request is, for services that record who did what from where.

Services receive the acting user explicitly; the client address and user agent are
ambient facts of the request, carried here so that audit events get them without every
service signature growing a `request` argument. Outside a request (commands, tests) the
values are empty.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip: str | None = None
    user_agent: str = ""


_EMPTY = RequestMeta()
_current: ContextVar[RequestMeta] = ContextVar("thongsuot_request_meta", default=_EMPTY)  # noqa: B039 - frozen


def current() -> RequestMeta:
    return _current.get()


def bind(meta: RequestMeta):
    return _current.set(meta)


def reset(token) -> None:
    _current.reset(token)


def client_ip(request) -> str | None:
    """Return the client's address; X-Forwarded-For is trusted only behind our proxy."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:45]
    return (request.META.get("REMOTE_ADDR") or None) and request.META["REMOTE_ADDR"][:45]
