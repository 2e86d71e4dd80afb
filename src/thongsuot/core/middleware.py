import time

from django.conf import settings

from thongsuot.core import context

# No inline scripts or styles anywhere: htmx and our own JS are static files.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and related headers to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


#: Answers under this path are the API's (config/urls.py mounts every app's API there).
API_PATH = "/api/"


class PrivateAnswersMiddleware:
    """Keep what a signed-in user sees, and every API answer, out of every cache: `no-store`.

    A commune office shares its computers: a page or a JSON answer with personal data left in the
    browser's cache (or a proxy's) outlives the sign-out. A view that chose its own caching (the
    public lookup, /healthz, Django's `never_cache`) is left as it is, and static files never reach
    this middleware (WhiteNoise answers them first, with its long cache for hashed names).
    Anonymous pages keep today's caching (docs/decisions.md, record 26).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response.headers and (
                request.path_info.startswith(API_PATH) or self._signed_in(request)):
            response.headers["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Without a session cookie nobody is signed in, and asking would touch the session and add
        # `Vary: Cookie` to the anonymous pages.
        return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


class RequestContextMiddleware:
    """Bind the client's address for audit events written while serving this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = context.RequestMeta(ip=context.client_ip(request),
                                   user_agent=request.META.get("HTTP_USER_AGENT", "")[:255])
        token = context.bind(meta)
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


#: Where a session keeps when its expiry was last pushed forward (seconds since the epoch).
SESSION_TOUCHED = "_touched"


class SessionTouchMiddleware:
    """Push a signed-in session's expiry forward at most once every `SESSION_TOUCH_SECONDS`.

    Sessions expire after `SESSION_COOKIE_AGE` without use (a working day). Django's
    `SESSION_SAVE_EVERY_REQUEST` gets that by writing the session row on every request — one UPDATE
    and one commit per page view for every user, which a dashboard read on Monday morning does not
    need. Here the row is written when something in the session changed (as always) or when the last
    push is older than `SESSION_TOUCH_SECONDS` (5 minutes): the idle limit then lands between
    `SESSION_COOKIE_AGE − 5 min` and `SESSION_COOKIE_AGE`. Placed after SessionMiddleware, so its
    answer passes here before the session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(SESSION_TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[SESSION_TOUCHED] = now  # marks the session modified: SessionMiddleware saves it
        return response


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user chose another language with the selector.

    Many office browsers send `Accept-Language: en-US`; officials still expect Vietnamese.
    Dropping the header before LocaleMiddleware leaves only the explicit choice (the
    language cookie) and LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
