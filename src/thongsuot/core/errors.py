"""Domain errors: raised by services, turned into clear Vietnamese messages at the edge."""


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
