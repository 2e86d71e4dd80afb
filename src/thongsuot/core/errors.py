"""Domain errors: raised by services, turned into clear Vietnamese messages at the edge.

One family for the whole platform: `DomainError` (400, a rule refused the input), `Forbidden` (403,
the user may not), `InvalidTransition` and `StaleVersion` (409). Web views show them through
`core.forms.submit`; the API answers them in one place (`api.errors`).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user as is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class InvalidTransition(DomainError):
    """A workflow move that the transition table does not allow from the current state."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message, code="invalid_transition")


class StaleVersion(DomainError):
    """Someone else changed the record since the user loaded it."""

    status_code = 409

    def __init__(self, message: str = "Hồ sơ đã được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."):
        super().__init__(message, code="stale")


class Forbidden(DomainError, PermissionDenied):
    """The one refusal: the user may not do this. 403 on the web and in the API, with its message kept.

    It is a `DomainError` (services raise it and the API's handler answers it with its text and code
    "forbidden") and a Django `PermissionDenied` (a view that does not catch it answers 403, and the
    403 page shows its message). Record lookups out of the user's territory answer 404 instead
    (`access_*` selectors), so that a refusal never tells whether a record exists.
    """

    status_code = 403
    default_message = _("Bạn không có quyền thực hiện thao tác này.")

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(str(message or self.default_message), field=field, code="forbidden")

    @classmethod
    def raise_if(cls, refusal: str | None) -> None:
        """Refuse with the reason a `*_refusal` rule gave; its None (allowed) lets the caller go on."""
        if refusal:
            raise cls(refusal)
