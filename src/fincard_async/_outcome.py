"""The one verdict on a logical call, across all of its attempts.

Every attempt reports how far it got: it was never sent (a login that failed first, a refused
connection, the deadline reached while waiting for a token), it may have arrived (the connection
broke or timed out after the request went out, or the server failed with a 5xx that may follow
a commit), or it was answered. :class:`CallVerdict` keeps that history and decides the result:
once any attempt of a keyed write may have landed, no later answer is a definite failure (a
``BusinessError``, ``RateLimitError`` or ``DuplicateRequestError`` after a lost answer usually
means the first attempt landed): the caller gets :class:`OutcomeUnknownError` with the key, or a
success found by reconciliation.

At the end of a call the same object holds :class:`CallOutcome`, the record that logging,
``capture_responses`` and tracing read.
"""

from __future__ import annotations

import enum

import aiohttp
import attrs

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    OutcomeUnknownError,
    ServerError,
)

__all__ = ["AttemptReport", "CallOutcome", "CallVerdict", "Reach", "caller_error", "never_sent"]


class Reach(enum.Enum):
    """How far one attempt got."""

    NOT_SENT = "not sent"
    MAY_HAVE_ARRIVED = "may have arrived"
    ANSWERED = "answered"


@attrs.frozen(kw_only=True)
class AttemptReport:
    """What one attempt reported: how far it got, and its error (None for a success)."""

    number: int
    reach: Reach
    error: APIError | None = None


@attrs.frozen(kw_only=True)
class CallOutcome:
    """The record of one logical call at its end, in one place for logs, capture and tracing.

    ``outcome`` is ``success``, ``failed`` (definite: nothing can have landed), ``unknown``
    (raised as :class:`OutcomeUnknownError`) or ``reconciled`` (an uncertain write found on
    the server by its key).
    """

    operation: str
    family: str
    attempts: int
    status_code: int | None
    vendor_code: int | str | None
    request_id: str | None
    idempotency_key: str | None
    outcome: str
    reconciled: bool = False
    error_type: str | None = None


def never_sent(error: APIError) -> bool:
    """Whether the connection failed before a byte of the request could leave this machine."""
    cause = error.__cause__
    return isinstance(cause, (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError))


def reach_of(error: APIError) -> Reach:
    """How far an attempt that ended in ``error`` got (the attempt itself knows 'not sent')."""
    if isinstance(error, APIConnectionError):
        return Reach.NOT_SENT if never_sent(error) else Reach.MAY_HAVE_ARRIVED
    if isinstance(error, ServerError):
        return Reach.MAY_HAVE_ARRIVED  # a 5xx can follow a commit (a proxy's 502, a crash)
    if isinstance(error, APIStatusError) and error.status_code == 408:
        return Reach.MAY_HAVE_ARRIVED
    return Reach.ANSWERED


@attrs.define(kw_only=True)
class CallVerdict:
    """Collects the reports of every attempt of one call and decides its single result."""

    operation: str
    family: str
    idempotency_key: str | None
    keyed_write: bool
    reports: list[AttemptReport] = attrs.field(factory=list)
    started: int = 0
    _outcome: CallOutcome | None = attrs.field(default=None, init=False)
    # (status, request id) of the answer that ended the call in success
    _answer: tuple[int, str | None] | None = attrs.field(default=None, init=False)

    @property
    def outcome(self) -> CallOutcome | None:
        """The call's record once it ended; a success's is built on first read (mostly never:
        only logging at INFO, ``capture_responses`` and reconciliation read it)."""
        if self._outcome is None and self._answer is not None:
            status_code, request_id = self._answer
            self._outcome = CallOutcome(
                operation=self.operation,
                family=self.family,
                attempts=self.attempts,
                status_code=status_code,
                vendor_code=None,
                request_id=request_id,
                idempotency_key=self.idempotency_key,
                outcome="success",
            )
        return self._outcome

    def begin(self) -> int:
        """A new attempt starts; return its number (1-based)."""
        self.started += 1
        return self.started

    # -- what attempts report -----------------------------------------------------------------
    def not_sent(self, error: APIError) -> None:
        """The attempt failed before its request was handed to the connection."""
        self.reports.append(AttemptReport(number=self.started, reach=Reach.NOT_SENT, error=error))

    def failed(self, error: APIError) -> None:
        """The attempt ended in ``error`` after its request was (maybe) sent."""
        self.reports.append(AttemptReport(number=self.started, reach=reach_of(error), error=error))

    def interrupted(self) -> None:
        """The call's deadline or a cancellation cut an attempt whose request was going out."""
        self.reports.append(AttemptReport(number=self.started, reach=Reach.MAY_HAVE_ARRIVED))

    @property
    def attempts(self) -> int:
        """Attempts started so far."""
        return self.started

    @property
    def may_have_landed(self) -> bool:
        """Whether any attempt may have reached the server and acted."""
        return any(report.reach is Reach.MAY_HAVE_ARRIVED for report in self.reports)

    def attempt_errors(self) -> tuple[APIError, ...]:
        """The errors of the attempts, oldest first."""
        return tuple(report.error for report in self.reports if report.error is not None)

    # -- the verdict --------------------------------------------------------------------------
    def final_error(self, error: APIError) -> APIError:
        """The one error the caller gets when the call ends in ``error``."""
        if not (self.keyed_write and self.may_have_landed):
            self._finish(error, "failed")
            return error
        unknown = OutcomeUnknownError(
            f"the request may have reached the server ({_describe(self.reports)}); "
            "resubmit with the same key, or look it up, before trying anything else",
            operation=self.operation,
            request_id=_last_request_id(self.reports, error),
            idempotency_key=self.idempotency_key,
            attempt_errors=(
                *self.attempt_errors(),
                *(() if error in self.attempt_errors() else (error,)),
            ),
        )
        self._finish(unknown, "unknown")
        return unknown

    def succeeded(self, status_code: int, request_id: str | None) -> None:
        """Record the successful answer (the reports list stays the failed attempts')."""
        self._answer = (status_code, request_id)

    def _finish(self, error: APIError, outcome: str) -> None:
        self._outcome = CallOutcome(
            operation=self.operation,
            family=self.family,
            attempts=self.attempts,
            status_code=getattr(error, "status_code", None),
            vendor_code=getattr(error, "code", None),
            request_id=error.request_id,
            idempotency_key=self.idempotency_key,
            outcome=outcome,
            error_type=type(error).__name__,
        )


def _describe(reports: list[AttemptReport]) -> str:
    parts = []
    for report in reports:
        what = type(report.error).__name__ if report.error is not None else "cut by the deadline"
        parts.append(f"attempt {report.number}: {what}, {report.reach.value}")
    return "; ".join(parts)


def _last_request_id(reports: list[AttemptReport], error: APIError) -> str | None:
    if error.request_id:
        return error.request_id
    for report in reversed(reports):
        if report.error is not None and report.error.request_id:
            return report.error.request_id
    return None


def caller_error(shared: APIError, *, operation: str, idempotency_key: str | None) -> APIError:
    """An error of its own for one caller whose request never left because login failed.

    Every caller waiting on the same login gets a separate instance of the login error's
    class, naming the caller's operation and key, with ``__cause__`` the shared failure.
    """
    error = type(shared).__new__(type(shared))
    error.__dict__.update(shared.__dict__)
    error.args = (f"login failed, the request was not sent: {shared.message}",)
    error.message = error.args[0]
    error.operation = operation
    error.idempotency_key = idempotency_key
    error.request_id = None  # the login's request id is on __cause__
    error.__cause__ = shared
    return error
