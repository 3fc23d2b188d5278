"""One error hierarchy for `scribe`, translated once at each edge.

The CLI maps `InputError` to exit 2 and `BlockedError` to exit 3; the HTTP app maps
them to typed JSON bodies. Nothing below the edges prints or exits. `retryable`
marks the LLM errors the retry policy may retry (transient transport faults); a bad
reply is re-asked once, never retried blindly.
"""

from __future__ import annotations

from typing import ClassVar


class ScribeError(Exception):
    """Base class. `code` is the stable machine-readable error type."""

    code: ClassVar[str] = "scribe_error"
    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500
    retryable: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(ScribeError):
    """Bad input or usage: unreadable transcript, malformed code, invalid JSON."""

    code = "bad_input"
    exit_code = 2
    http_status = 422


class NotFoundError(InputError):
    code = "not_found"
    http_status = 404


class BlockedError(ScribeError):
    """Finalize refused: error flags remain that were not overridden."""

    code = "blocked_by_flags"
    exit_code = 3
    http_status = 409

    def __init__(self, message: str, rules: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.rules = rules


class ConflictError(ScribeError):
    """The request conflicts with the stored state, e.g. editing a finalized note
    (a finalized note is immutable)."""

    code = "conflict"
    exit_code = 3
    http_status = 409


class ConfigError(ScribeError):
    code = "config_error"
    exit_code = 2
    http_status = 500


class LLMError(ScribeError):
    """The LLM chain failed; a draft is never produced from a failed call."""

    code = "llm_error"
    exit_code = 4
    http_status = 502


class LLMTimeout(LLMError):
    code = "llm_timeout"
    http_status = 504
    retryable = True


class LLMConnectionError(LLMError):
    code = "llm_connection_error"
    retryable = True


class LLMRateLimited(LLMError):
    code = "llm_rate_limited"
    http_status = 503
    retryable = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LLMServerError(LLMError):
    code = "llm_server_error"
    retryable = True


class LLMBadOutput(LLMError):
    """The reply could not be validated, even after one re-ask. Keeps the raw reply
    for debugging; it is PHI-bearing and must never be logged."""

    code = "llm_bad_output"

    def __init__(self, message: str, raw: str | None = None) -> None:
        super().__init__(message)
        self.raw = raw


class LLMTruncated(LLMBadOutput):
    code = "llm_truncated"


class LLMRefused(LLMBadOutput):
    code = "llm_refused"


class LLMDeadlineExceeded(LLMError):
    code = "llm_deadline_exceeded"
    http_status = 504
