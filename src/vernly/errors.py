"""The exceptions every vernly package raises.

Domain code raises these; only `vernly.web` turns them into HTTP responses and only
`vernly.cli` turns them into exit codes. Messages are one line and never carry personal data.
"""


class VernlyError(Exception):
    """Base of every error vernly raises on purpose."""

    exit_code = 1
    http_status = 400


class NotFound(VernlyError):
    """A thing asked for by id does not exist."""

    http_status = 404


class Conflict(VernlyError):
    """The operation is not allowed in the current state (e.g. a request already completed)."""

    http_status = 409


class InvalidInput(VernlyError):
    """Input from a person or operator is malformed."""

    exit_code = 2
    http_status = 422


class PermissionDenied(VernlyError):
    """The caller may not do this."""

    http_status = 403


class ConfigurationError(VernlyError):
    """The workspace or environment is not set up the way the command needs."""

    exit_code = 2
    http_status = 500


class LedgerUnavailable(VernlyError):
    """The ledger cannot be used right now (read-only, full, gone, unreachable); the next
    operation tries again, so it recovers once the fault is gone."""

    exit_code = 1
    http_status = 503


class RateLimited(VernlyError):
    """Too many attempts from one client or for one key; try again after a while."""

    http_status = 429

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
