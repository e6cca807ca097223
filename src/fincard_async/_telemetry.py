"""Optional OpenTelemetry: one span per logical call, its attempts as events, and metrics.

With ``opentelemetry-api`` installed (``pip install fincard-async[otel]``), every logical call
(one operation with all its retries) is a span named for the operation, e.g.
``submitWorkOrder``, current while its attempts run, so the HTTP spans of aiohttp's own
instrumentation nest under it. Nothing is configured here: spans and metrics go wherever the
application's OpenTelemetry SDK sends them. Without the package, or before the application
sets a tracer or meter provider, :func:`call` returns one shared object that does nothing.

Span attributes: ``fincard.operation``, ``fincard.family``, ``fincard.attempts``,
``http.response.status_code`` (of the last attempt), ``fincard.vendor_code``,
``fincard.request_id``, ``fincard.idempotency_key`` (our order number, never personal),
``fincard.outcome`` (``success``, ``failure``, ``unknown``: a write that may have landed, or
``cancelled``) and ``error.type``. Each attempt is an ``attempt`` event with its number,
status or error class, and duration. Bodies, error messages, headers and credentials are
never read, so no personal data can reach an attribute.

Metrics (meter ``fincard_async``): ``fincard.client.call.duration`` (s, per logical call),
``fincard.client.attempts``, ``fincard.client.errors`` (by ``error.type``) and
``fincard.client.logins`` (FinHub logins, by outcome).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Final, TypeVar

from ._exceptions import APIError, APIStatusError, OutcomeUnknownError

try:
    from opentelemetry import context, metrics, trace
    from opentelemetry.metrics import _internal as _metrics_state
except ImportError:  # the [otel] extra is absent: every hook below is a no-op
    context = None  # type: ignore[assignment]
    metrics = None  # type: ignore[assignment]
    trace = None  # type: ignore[assignment]
    _metrics_state = None  # type: ignore[assignment]

__all__ = ["CallTelemetry", "call"]

T = TypeVar("T")
C = TypeVar("C")
# one attempt of a call: ``attempt(call_state, seconds_left)`` (see ``RetryLoop.run``)
Attempt = Callable[[C, float], Awaitable[T]]

SCOPE: Final = "fincard_async"


class _NoCall:
    """What :func:`call` returns without OpenTelemetry: no span, no clock, no allocation."""

    def __enter__(self) -> _NoCall:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def wrap(self, attempt: Attempt[C, T]) -> Attempt[C, T]:
        return attempt

    def reconciled(self) -> None:
        return None


_NO_CALL: Final = _NoCall()


class _Joined:
    """A call already measured by an outer span of the same operation (a write whose
    uncertain outcome the resource layer reconciles): attempts go to the outer span."""

    def __init__(self, outer: CallTelemetry) -> None:
        self._outer = outer

    def __enter__(self) -> _Joined:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def wrap(self, attempt: Attempt[C, T]) -> Attempt[C, T]:
        return self._outer.wrap(attempt)

    def reconciled(self) -> None:
        self._outer.reconciled()


_active: contextvars.ContextVar[CallTelemetry | None] = contextvars.ContextVar(
    "fincard_telemetry_call", default=None
)


class _Instruments:
    """The tracer and the metric instruments (proxies until the application sets providers)."""

    def __init__(self) -> None:
        from ._version import __version__

        self.tracer = trace.get_tracer(SCOPE, __version__)
        meter = metrics.get_meter(SCOPE, __version__)
        self.duration = meter.create_histogram(
            "fincard.client.call.duration", unit="s", description="logical calls, retries included"
        )
        self.attempts = meter.create_counter(
            "fincard.client.attempts", unit="{attempt}", description="HTTP attempts"
        )
        self.errors = meter.create_counter(
            "fincard.client.errors", unit="{error}", description="calls that ended in an error"
        )
        self.logins = meter.create_counter(
            "fincard.client.logins", unit="{login}", description="FinHub logins"
        )


@functools.cache
def _instruments() -> _Instruments:
    # made on first use, so importing the SDK never touches OpenTelemetry
    return _Instruments()


class CallTelemetry:
    """The span and measurements of one logical call; use as a context manager."""

    def __init__(self, operation: str, family: str, idempotency_key: str | None) -> None:
        self._instruments = _instruments()
        self._labels: dict[str, str] = {"fincard.operation": operation, "fincard.family": family}
        self._key = idempotency_key
        self._attempts = 0
        self._status: int | None = None
        self._code: str | None = None
        self._request_id: str | None = None
        self._span: Any = None
        self._token: Any = None
        self._started = 0.0
        self._reconciled = False
        self._active_token: contextvars.Token[CallTelemetry | None] | None = None

    @property
    def operation(self) -> str:
        """The operation this call measures."""
        return self._labels["fincard.operation"]

    def reconciled(self) -> None:
        """The call's outcome was uncertain and a lookup found the write: outcome "reconciled"."""
        self._reconciled = True

    def __enter__(self) -> CallTelemetry:
        attributes: dict[str, Any] = dict(self._labels)
        if self._key is not None:
            attributes["fincard.idempotency_key"] = self._key
        # started and made current by hand: start_as_current_span stacks three context
        # managers per call; exceptions are never recorded (their messages may quote people)
        self._span = self._instruments.tracer.start_span(
            self._labels["fincard.operation"], kind=trace.SpanKind.INTERNAL, attributes=attributes
        )
        self._token = context.attach(trace.set_span_in_context(self._span))
        self._active_token = _active.set(self)
        self._started = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        outcome = "reconciled" if exc is None and self._reconciled else _outcome(exc)
        labels = {**self._labels, "fincard.outcome": outcome}
        if exc is not None:
            labels["error.type"] = type(exc).__name__
        self._finish_span(labels, exc)
        instruments = self._instruments
        instruments.duration.record(time.perf_counter() - self._started, labels)
        if exc is not None:
            instruments.errors.add(1, labels)
        if self._labels["fincard.operation"] == "login":
            instruments.logins.add(1, {"fincard.outcome": outcome})
        if self._active_token is not None:
            _active.reset(self._active_token)
        context.detach(self._token)
        self._span.end()

    def _finish_span(self, labels: dict[str, str], exc: BaseException | None) -> None:
        span = self._span
        if not span.is_recording():
            return
        attributes: dict[str, Any] = {**labels, "fincard.attempts": self._attempts}
        for name, value in (
            ("http.response.status_code", self._status),
            ("fincard.vendor_code", self._code),
            ("fincard.request_id", self._request_id),
        ):
            if value is not None:
                attributes[name] = value
        span.set_attributes(attributes)
        if exc is not None and not isinstance(exc, asyncio.CancelledError):
            span.set_status(trace.StatusCode.ERROR, type(exc).__name__)

    def wrap(self, attempt: Attempt[C, T]) -> Attempt[C, T]:
        """``attempt`` (one HTTP exchange), measured as an event of this call's span."""

        async def measured(state: C, seconds_left: float) -> T:
            self._attempts += 1
            started = time.perf_counter()
            try:
                answer = await attempt(state, seconds_left)
            except BaseException as error:
                self._attempt_ended(started, error, None)
                raise
            self._attempt_ended(started, None, answer)
            return answer

        return measured

    def _attempt_ended(self, started: float, error: BaseException | None, answer: Any) -> None:
        status = getattr(answer, "status_code", None)
        self._request_id = getattr(answer, "request_id", None)
        self._code = None
        if isinstance(error, APIError):
            self._request_id = error.request_id
        if isinstance(error, APIStatusError):
            status = error.status_code
            self._code = None if error.code is None else str(error.code)
        self._status = status
        event: dict[str, Any] = {"fincard.attempt": self._attempts}
        event["fincard.attempt.duration_s"] = time.perf_counter() - started
        outcome: dict[str, Any] = {**self._labels}
        if status is not None:
            event["http.response.status_code"] = outcome["http.response.status_code"] = status
        if error is not None:
            event["error.type"] = outcome["error.type"] = type(error).__name__
        self._instruments.attempts.add(1, outcome)
        if self._span.is_recording():
            self._span.add_event("attempt", event)


def _outcome(exc: BaseException | None) -> str:
    if exc is None:
        return "success"
    if isinstance(exc, OutcomeUnknownError):
        return "unknown"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"
    return "failure"


class _Providers:
    """Whether the application installed a tracer or meter provider, asked cheaply.

    The API alone hands out no-op proxies until the application installs an SDK; making
    spans through them costs about 60 us a call for nothing, so an unset API is skipped. The
    public getters read ``os.environ`` on every call while nothing is installed (5 us a call,
    a tenth of the SDK's own work on a small answer), so the module globals they fill are read
    instead. A provider is installed once per process and never removed, so "yes" is final.
    A provider named in the environment is loaded by the getters only: then they are used.
    """

    installed = False
    by_environment: bool | None = None

    @classmethod
    def installed_now(cls) -> bool:
        if cls.installed:
            return True
        if cls.by_environment is None:
            names = ("OTEL_PYTHON_TRACER_PROVIDER", "OTEL_PYTHON_METER_PROVIDER")
            cls.by_environment = any(name in os.environ for name in names)
        tracer = getattr(trace, "_TRACER_PROVIDER", _UNKNOWN)
        meter = getattr(_metrics_state, "_METER_PROVIDER", _UNKNOWN)
        if cls.by_environment or tracer is _UNKNOWN or meter is _UNKNOWN:
            cls.installed = _installed_by_getters()  # another API version: ask publicly
        else:
            cls.installed = tracer is not None or meter is not None
        return cls.installed


_UNKNOWN: Final = object()


def _installed_by_getters() -> bool:
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return True
    return type(metrics.get_meter_provider()).__name__ != "_ProxyMeterProvider"


def call(
    operation: str, family: str, idempotency_key: str | None
) -> CallTelemetry | _Joined | _NoCall:
    """The telemetry of one logical call; a no-op without ``opentelemetry-api`` or an SDK.

    Inside an open call of the same operation (a resource that reconciles its write), the
    transport's attempts join that call's span instead of opening a second one.
    """
    if trace is None or not _Providers.installed_now():
        return _NO_CALL
    outer = _active.get()
    if outer is not None and outer.operation == operation:
        return _Joined(outer)
    return CallTelemetry(operation, family, idempotency_key)
