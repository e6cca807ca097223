"""The one error tree of fincard-async.

Every exception the SDK raises derives from :class:`FincardError`::

    FincardError
    ├── ConfigurationError            bad client options, an unreadable or invalid key
    ├── ValidationError               a request broke a rule before anything was sent
    └── APIError                      a call failed (carries operation and request id)
        ├── APIConnectionError        the server could not be reached or dropped the connection
        │   ├── APITimeoutError       a timeout or the overall deadline (also a TimeoutError)
        │   └── CertificateError      TLS certificate or host name check failed; never retried
        ├── APIResponseValidationError  the answer was not JSON, or did not fit the schema
        │   └── AnswerTooLargeError   the answer broke a size or nesting limit; never retried
        ├── OutcomeUnknownError       a write failed after it may have reached the server
        └── APIStatusError            the server answered with an error (HTTP status or vendor code)
            ├── AuthenticationError   401, FinHub code 401, failed login
            ├── PermissionDeniedError 403, HyperCard A0007
            ├── InvalidRequestError   400/404/422, HyperCard A0000
            │   ├── SignatureError    HyperCard A0001
            │   ├── TimestampError    HyperCard A0002
            │   └── ParameterError    HyperCard A0003
            ├── BusinessError         FinHub code -1, HyperCard A0004
            │   └── InsufficientBalanceError  HyperCard A0006
            ├── DuplicateRequestError HyperCard A0005: the mc_trade_no was used already
            ├── RateLimitError        429
            └── ServerError           5xx, FinHub code 500, HyperCard B0000/B0001/C0000

Messages never contain secrets or personal data: request and response bodies are only
reachable as attributes. The server's ``msg`` is shown in ``str()`` cut to
``MAX_SERVER_MESSAGE_CHARS`` (200) characters, since a server that echoes the request would
otherwise put personal data into tracebacks; the full ``msg`` and ``body`` stay on the error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "MAX_MESSAGE_CHARS",
    "MAX_SERVER_MESSAGE_CHARS",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AnswerTooLargeError",
    "AuthenticationError",
    "BusinessError",
    "CertificateError",
    "ConfigurationError",
    "DuplicateRequestError",
    "FincardError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "OutcomeUnknownError",
    "ParameterError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SignatureError",
    "TimestampError",
    "ValidationError",
    "Violation",
    "make_status_error",
]


# The longest part of a server's ``msg`` that ``str(error)`` shows.
MAX_SERVER_MESSAGE_CHARS = 200
# The longest message ``str(error)`` shows (one that wraps another error's message, too).
MAX_MESSAGE_CHARS = 600
_REDACTED = "<redacted>"


class FincardError(Exception):
    """Base class of every error raised by fincard-async."""


class ConfigurationError(FincardError, ValueError):
    """The client was configured wrongly (conflicting options, a bad private key, …)."""


@attrs.frozen
class Violation:
    """One broken rule: where (a dotted field path) and which rule."""

    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.rule}]"


class ValidationError(FincardError, ValueError):
    """A request broke one or more rules before any network call.

    ``violations`` lists every broken rule at once, each with its field path and rule name.
    """

    def __init__(self, violations: Sequence[Violation], *, operation: str | None = None) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        self.operation = operation
        where = f"{operation}: " if operation else ""
        lines = "; ".join(str(v) for v in self.violations)
        super().__init__(f"{where}{len(self.violations)} invalid field(s): {lines}")

    @classmethod
    def single(cls, path: str, rule: str, message: str) -> ValidationError:
        """Build an error for one broken rule."""
        return cls([Violation(path=path, rule=rule, message=message)])


class APIError(FincardError):
    """A call failed. Carries what a caller needs to report or reconcile it.

    Attributes:
        operation: the operationId of the call (e.g. ``submitWorkOrder``).
        request_id: the server's request id, when it sent one.
        idempotency_key: for writes, the ``merchantOrderNo``/``mc_trade_no`` that was sent.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.request_id = request_id
        self.idempotency_key = idempotency_key
        self.hidden: tuple[str, ...] = ()

    def hide(self, values: Iterable[str]) -> None:
        """Never show these values (personal data the request carried) in ``str()``.

        A server that echoes the request puts them into its message; they are replaced by
        ``<redacted>``. The transport calls this with every personal-data field it sent.
        """
        found = {v for v in (*self.hidden, *values) if len(v) >= 3}
        self.hidden = tuple(sorted(found, key=len, reverse=True))

    def _scrub(self, text: str) -> str:
        for value in self.hidden:
            text = text.replace(value, _REDACTED)
        return text

    def _shown_message(self) -> str:
        return _cut(self._scrub(self.message), MAX_MESSAGE_CHARS, "message")

    def __str__(self) -> str:
        parts = []
        if self.request_id:
            parts.append(f"[request_id={self.request_id}]")
        if self.operation:
            parts.append(f"{self.operation}:")
        parts.append(self._shown_message())
        if self.idempotency_key:
            parts.append(f"(order no {self.idempotency_key})")
        return " ".join(parts)

    def __repr__(self) -> str:
        # the default repr shows the raw message argument, past every cut and redaction
        return f"{type(self).__name__}({str(self)!r})"


def _cut(text: str, limit: int, where: str) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters; full text on .{where})"


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before an answer was read."""


class APITimeoutError(APIConnectionError, TimeoutError):
    """A call timed out, or the overall deadline across retries ran out."""


class CertificateError(APIConnectionError):
    """The server's TLS certificate or host name failed verification.

    Never retried: another attempt meets the same certificate. Check the ``base_url``, the
    system's CA store, or whether something intercepts the connection.
    """


class OutcomeUnknownError(APIError):
    """A write failed after the request may have reached the server.

    The server may or may not have acted on it. Resubmit with the same ``idempotency_key``
    (the ``merchantOrderNo``/``mc_trade_no``), or look it up, before trying anything else; a
    new key may create a duplicate. ``__cause__`` is the last underlying error.

    Attributes:
        attempt_errors: the error of every attempt, oldest first (a later ``BusinessError``
            or ``DuplicateRequestError`` after a lost answer usually means the first landed).
        lookup_ran: whether the SDK looked the key up on the server (FinHub work orders).
        lookup_result: what that lookup saw (``"not found"``, or why it failed), else None.
    """

    def __init__(
        self,
        message: str,
        *,
        attempt_errors: Sequence[APIError] = (),
        lookup_ran: bool = False,
        lookup_result: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.attempt_errors: tuple[APIError, ...] = tuple(attempt_errors)
        self.lookup_ran = lookup_ran
        self.lookup_result = lookup_result


class APIResponseValidationError(APIError):
    """The answer could not be read: not JSON, an HTML page, or not the documented shape."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: bytes = b"",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.status_code = status_code
        self.body = body


class AnswerTooLargeError(APIResponseValidationError):
    """The answer broke one of the client's ``AnswerLimits``; reading stopped there.

    Never retried: the same server would send the same answer. ``body`` holds only what was
    read before the limit (at most the limit).

    Attributes:
        limit: which limit, e.g. ``"max_body_bytes"`` or ``"max_depth"``.
        limit_value: its configured value.
    """

    def __init__(self, message: str, *, limit: str, limit_value: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.limit = limit
        self.limit_value = limit_value


class APIStatusError(APIError):
    """The server answered with an error: an HTTP error status or a vendor error code.

    Attributes:
        status_code: HTTP status of the answer.
        code: the vendor's code (FinHub: an int such as -1 or 500; HyperCard: e.g. ``"A0003"``).
        msg: the vendor's message.
        headers: the answer's headers.
        body: the raw answer (bytes); kept out of ``str()`` since it may hold personal data.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: int | str | None = None,
        msg: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.status_code = status_code
        self.code = code
        self.msg = msg
        self.headers: Mapping[str, str] = headers or {}
        self.body = body

    def _shown_message(self) -> str:
        message, msg = self.message, self.msg
        if msg and msg in message:  # the server's words: redacted, then cut shorter
            shown = _cut(self._scrub(msg), MAX_SERVER_MESSAGE_CHARS, "msg")
            message = message.replace(msg, shown)
        return _cut(self._scrub(message), MAX_MESSAGE_CHARS, "message")


class AuthenticationError(APIStatusError):
    """Credentials were refused (HTTP 401, FinHub code 401, or a failed login)."""


class PermissionDeniedError(APIStatusError):
    """The caller is not allowed to do this (HTTP 403, HyperCard A0007)."""


class InvalidRequestError(APIStatusError):
    """The server refused the request as malformed (HTTP 400/404/422, HyperCard A0000)."""


class SignatureError(InvalidRequestError):
    """HyperCard could not verify the request signature (A0001). Check key and canonical form."""


class TimestampError(InvalidRequestError):
    """HyperCard refused the request timestamp (A0002); the client re-signs and retries once."""


class ParameterError(InvalidRequestError):
    """HyperCard refused a parameter (A0003)."""


class BusinessError(APIStatusError):
    """A business rule refused the call (FinHub code -1, HyperCard A0004)."""


class InsufficientBalanceError(BusinessError):
    """The merchant balance is too low (HyperCard A0006)."""


class DuplicateRequestError(APIStatusError):
    """HyperCard saw this ``mc_trade_no`` already (A0005); never retried blindly."""


class RateLimitError(APIStatusError):
    """Too many requests (HTTP 429)."""


class ServerError(APIStatusError):
    """The server failed (HTTP 5xx, FinHub code 500, HyperCard B0000/B0001/C0000)."""


_HYPERCARD_CODES: dict[str, type[APIStatusError]] = {
    "A0000": InvalidRequestError,
    "A0001": SignatureError,
    "A0002": TimestampError,
    "A0003": ParameterError,
    "A0004": BusinessError,
    "A0005": DuplicateRequestError,
    "A0006": InsufficientBalanceError,
    "A0007": PermissionDeniedError,
    "B0000": ServerError,
    "B0001": ServerError,
    "C0000": ServerError,
}

_FINHUB_CODES: dict[int, type[APIStatusError]] = {
    -1: BusinessError,
    401: AuthenticationError,
    500: ServerError,
}

_HTTP_STATUSES: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: InvalidRequestError,
    409: InvalidRequestError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def _class_for(status_code: int, code: int | str | None) -> type[APIStatusError]:
    """HyperCard codes first (they come with HTTP 200), then the HTTP status, then FinHub codes.

    A FinHub error status wins over the envelope code: a missing header answers HTTP 400 with
    code 500, which is the caller's mistake, not a server failure.
    """
    if isinstance(code, str):
        known = _HYPERCARD_CODES.get(code)
        if known is not None:
            return known
        if code[:1] in ("B", "C"):
            return ServerError
    if status_code >= 500:
        return ServerError
    if status_code >= 400:
        return _HTTP_STATUSES.get(status_code, APIStatusError)
    if isinstance(code, int):
        return _FINHUB_CODES.get(code, APIStatusError)
    return APIStatusError


def make_status_error(
    *,
    operation: str,
    status_code: int,
    code: int | str | None,
    msg: str | None,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    request_id: str | None = None,
    idempotency_key: str | None = None,
) -> APIStatusError:
    """Pick the error class for an answer and build it: the single mapping point."""
    cls = _class_for(status_code, code)
    shown_code = f" code={code!r}" if code is not None else ""
    message = f"HTTP {status_code}{shown_code}: {msg or 'no message'}"
    return cls(
        message,
        status_code=status_code,
        code=code,
        msg=msg,
        headers=headers,
        body=body,
        operation=operation,
        request_id=request_id,
        idempotency_key=idempotency_key,
    )
