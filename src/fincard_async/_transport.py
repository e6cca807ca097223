"""The transport under every generated operation: auth, signing, retries, typed errors.

This is the one boundary where aiohttp, asyncio, orjson and cattrs exceptions become
fincard-async errors. One logical call runs one :class:`~fincard_async._retry.RetryLoop`; each
attempt takes a fresh token or signature over the exact bytes it sends.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import attrs
import cattrs
import orjson
from cattrs.errors import CattrsError
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from fincard_async._generated.client import PreparedRequest, build_form
from fincard_async._generated.types import File, Response

from . import _signing, _telemetry
from ._auth import TokenCache
from ._config import EndUser, HyperCardConfig, RetryPolicy, Timeout
from ._conversion import describe_structure_error, structure_answer
from ._deadlines import Net
from ._exceptions import (
    AnswerTooLargeError,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    CertificateError,
    RateLimitError,
    ServerError,
    TimestampError,
    make_status_error,
)
from ._gc import gc_paused
from ._limits import PARSE_IN_THREAD_BYTES, AnswerLimits, read_body, too_deep
from ._logs import log_attempt, log_outcome, log_retry
from ._outcome import CallOutcome, CallVerdict, caller_error, never_sent
from ._redaction import hide_sent_values
from ._retry import Clock, RetryLoop, Verdict
from ._sign_pool import SignPool

__all__ = ["CallOptions", "ResponseInfo", "Signer", "Transport", "TransportCore", "capture"]

_LARGE_BODY = 1 << 20
_REQUEST_ID_HEADERS = ("X-Request-Id", "Request-Id", "X-Trace-Id")
_HYPERCARD_OK = "00000"
_FINHUB_OK = 200
_ORJSON_TOO_DEEP = "depth limit exceeded"
# Writes and the body field holding their idempotency key (None: the write has no key).
_WRITES: dict[str, str | None] = {
    "submitWorkOrder": "merchantOrderNo",
    "applyCard": "mc_trade_no",
    "uploadFile": None,
}


@attrs.frozen(kw_only=True)
class ResponseInfo:
    """What the transport saw of one successful call (see ``FincardClient.capture_responses``).

    ``body`` is the answer exactly as received (after decompression), for callers who need
    what the typed result leaves out; it is kept out of the repr, since it may hold personal
    data. A failed call's body is on the error (``APIStatusError.body``).
    """

    operation: str
    status_code: int
    headers: Mapping[str, str]
    request_id: str | None
    attempts: int
    elapsed: float
    outcome: CallOutcome | None = attrs.field(default=None, repr=False, eq=False)
    # True when the answer came from looking the key up after an uncertain write
    reconciled: bool = False
    body: bytes = attrs.field(default=b"", repr=False, eq=False)


capture: contextvars.ContextVar[list[ResponseInfo] | None] = contextvars.ContextVar(
    "fincard_capture", default=None
)


@attrs.frozen(kw_only=True)
class Signer:
    """HyperCard signing settings: key, canonical-form strategy, and the static headers."""

    config: HyperCardConfig
    private_key: RSAPrivateKey = attrs.field(repr=False)
    nested_writer: _signing.NestedWriter
    pool: SignPool = attrs.field(factory=lambda: SignPool(threads=False), repr=False)

    async def headers(self, body: bytes) -> dict[str, str]:
        """The signing headers, computed inline or in the client's signing threads."""
        return await self.pool.run(functools.partial(self.headers_now, body))

    def headers_now(self, body: bytes) -> dict[str, str]:
        """Fresh timestamp and nonce, and the signature over them and ``body``."""
        headers = _signing.signing_headers(
            api_key=self.config.api_key, version=self.config.version, lang=self.config.lang
        )
        canonical = _signing.canonical_string(headers, body, nested_writer=self.nested_writer)
        headers["signature"] = _signing.sign(canonical, self.private_key)
        return headers


@attrs.define(kw_only=True)
class TransportCore:
    """What every call of one client shares: session, converter, credentials, clock."""

    session: Callable[[], aiohttp.ClientSession]
    converter: cattrs.Converter
    base_urls: Mapping[str, str]
    user_agent: str
    tokens: TokenCache | None = None
    signer: Signer | None = None
    clock: Clock = attrs.field(factory=Clock)
    answer_limits: AnswerLimits = attrs.field(factory=AnswerLimits)


@attrs.frozen(kw_only=True)
class CallOptions:
    """The settings of one logical call, resolved from client defaults and per-call overrides."""

    timeout: Timeout
    retry: RetryPolicy
    end_user: EndUser | None
    extra_headers: Mapping[str, str] = attrs.field(factory=dict)
    idempotency_key: str | None = None
    # aiohttp's limits for an attempt with the whole total left, built once
    full_attempt: aiohttp.ClientTimeout = attrs.field(init=False, repr=False, eq=False)

    @full_attempt.default
    def _full_attempt(self) -> aiohttp.ClientTimeout:
        return _attempt_timeout(self.timeout, self.timeout.total)


@attrs.define
class _Attempt:
    """One logical call in progress: what it sends, and the facts its retry decisions and
    verdict read. The retry loop calls the transport with this one object, so a call
    allocates no closures or partials of its own (each would live, GC-tracked, as long as
    the call)."""

    request: PreparedRequest
    body: bytes
    response_type: Any
    verdict: CallVerdict
    # the headers of the latest attempt, and of those before it (kept only when there are):
    # an error that echoes them must hide their secrets
    headers: dict[str, str] | None = None
    earlier_headers: list[dict[str, str]] | None = None
    token: str | None = None
    relogged: bool = False
    resigned: bool = False
    login_failed: bool = False
    waiting_for_login: bool = False

    def sent(self, headers: dict[str, str]) -> None:
        """Note the headers an attempt is about to send."""
        if self.headers is not None:
            self.earlier_headers = [*(self.earlier_headers or ()), self.headers]
        self.headers = headers

    def all_headers(self) -> list[dict[str, str]]:
        """The headers of every attempt that got as far as building them."""
        latest = [] if self.headers is None else [self.headers]
        return [*(self.earlier_headers or ()), *latest]


class Transport:
    """Implements the generated ``Transport`` protocol for one call's options."""

    def __init__(self, core: TransportCore, options: CallOptions) -> None:
        self._core = core
        self._options = options
        self._last_call: CallVerdict | None = None
        self._replaced: CallOutcome | None = None  # a record the resource layer rewrote

    @property
    def outcome(self) -> CallOutcome | None:
        """The record of the last call, once it ends (a success's is built on first read)."""
        if self._replaced is not None:
            return self._replaced
        return None if self._last_call is None else self._last_call.outcome

    @outcome.setter
    def outcome(self, record: CallOutcome | None) -> None:
        self._replaced = record

    @property
    def converter(self) -> cattrs.Converter:
        """The client's converter."""
        return self._core.converter

    @property
    def options(self) -> CallOptions:
        """The options of this transport's calls."""
        return self._options

    async def send(self, request: PreparedRequest, response_type: Any) -> Response[Any]:
        """Send with retries; return the structured success answer or raise a typed error."""
        op = request.operation
        key = self._options.idempotency_key
        verdict = CallVerdict(
            operation=op.operation_id,
            family=op.family,
            idempotency_key=key,
            keyed_write=key is not None and op.operation_id in _WRITES,
        )
        body = orjson.dumps(request.json) if request.multipart is None else b""
        state = _Attempt(request, body, response_type, verdict)
        started = self._core.clock.monotonic()
        deadline = self._options.timeout.deadline
        loop: RetryLoop[_Attempt] = RetryLoop(
            policy=self._options.retry,
            deadline=deadline,
            operation=op.operation_id,
            clock=self._core.clock,
            on_retry=self._log_retry,
        )
        # the span sees the call's one final error (OutcomeUnknownError for an uncertain write)
        with _telemetry.call(op.operation_id, op.family, key) as call:
            try:
                try:
                    # the net under every phase: whatever a phase forgets, the call ends at
                    # its deadline (timers shared between calls: see _deadlines.py)
                    with Net(deadline):
                        response: Response[Any] = await loop.run(
                            call.wrap(self._attempt), self._verdict, state
                        )
                except TimeoutError as exc:
                    if isinstance(exc, APIError):
                        raise
                    raise _deadline_error(state, deadline) from exc
            except APIError as error:
                final = verdict.final_error(self._annotate(error, op.operation_id))
                # a server may echo the request, personal data and credentials included
                errors = (final, error, *verdict.attempt_errors())
                hide_sent_values(request.json, state.all_headers(), errors)
                self._last_call, self._replaced = verdict, None
                log_outcome(verdict.outcome)
                if final is error:
                    raise
                raise final from error
        verdict.succeeded(response.status_code, response.request_id)
        self._last_call, self._replaced = verdict, None
        self._record(response, started)
        return response

    # -- one attempt --------------------------------------------------------------------------

    async def _attempt(self, state: _Attempt, seconds_left: float) -> Response[Any]:
        request, body = state.request, state.body
        op = request.operation
        state.verdict.begin()
        ends = self._core.clock.monotonic() + seconds_left
        headers = await self._headers(state)
        state.sent(headers)
        seconds_left = ends - self._core.clock.monotonic()  # the token wait took its share
        if seconds_left <= 0:
            waited = APITimeoutError("deadline reached before sending")
            raise self._not_sent(state, waited, op.operation_id)
        timeout = self._options.timeout
        client_timeout = self._options.full_attempt
        if seconds_left < timeout.total:  # the call's deadline comes first
            client_timeout = _attempt_timeout(timeout, seconds_left)
        url = self._core.base_urls[op.family] + op.path
        data: Any = _form(request.multipart) if request.multipart is not None else _payload(body)
        started = time.perf_counter()
        status: int | str = "error"
        request_id: str | None = None
        try:
            # the attempt's total, from the request to the last byte of the answer: a net
            # like the call's, not aiohttp's `total` (which arms a timer of its own per call,
            # see _deadlines.py); it ends in the TimeoutError aiohttp's would raise
            with Net(min(timeout.total, seconds_left)):
                async with self._core.session().request(
                    op.method, url, data=data, headers=headers, timeout=client_timeout
                ) as resp:
                    status, request_id = resp.status, _request_id(resp.headers)
                    content = await read_body(resp, self._core.answer_limits, request_id)
            if len(content) > PARSE_IN_THREAD_BYTES:  # ~25 ms a 548 kB city tree on the loop
                return await asyncio.to_thread(self._parse, state, resp, content, request_id)
            return self._parse(state, resp, content, request_id)
        except APIError as error:
            state.verdict.failed(self._annotate(error, op.operation_id))
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            lost = self._annotate(_connection_error(exc), op.operation_id)
            state.verdict.failed(lost)
            raise lost from exc
        except asyncio.CancelledError:
            # cut by the call's deadline (or the caller) while the request may be on its way
            state.verdict.interrupted()
            raise
        finally:
            log_attempt(op.operation_id, state.verdict.attempts, status, request_id, started)

    async def _headers(self, state: _Attempt) -> dict[str, str]:
        request = state.request
        op = request.operation
        headers = {**self._options.extra_headers, "User-Agent": self._core.user_agent}
        headers.update(request.headers)
        if request.multipart is None:
            headers["Content-Type"] = "application/json"
        if op.auth == "bearer":
            tokens = self._core.tokens
            token = tokens.current() if tokens is not None else None
            if token is None:  # none yet, or stale: wait for the (shared) login
                token = await self._token(op.operation_id, state)
            state.token = token
            headers["Authorization"] = f"Bearer {token}"
        elif op.auth == "signature":
            if self._core.signer is None:
                missing = _not_configured("HyperCard", op.operation_id)
                raise self._not_sent(state, missing, op.operation_id)
            headers.update(await self._core.signer.headers(state.body))
        return headers

    async def _token(self, operation: str, state: _Attempt) -> str:
        tokens = self._core.tokens
        if tokens is None:
            raise self._not_sent(state, _not_configured("FinHub", operation), operation)
        state.waiting_for_login = True  # a cut by the deadline net now means "not sent"
        try:
            # no timer of its own: the call's deadline net bounds this wait (one timer per
            # call keeps a storm of callers that all time out at once cheap)
            state.token = await tokens.get()
        except APIError as shared:
            state.login_failed = True
            key = self._options.idempotency_key
            mine = caller_error(shared, operation=operation, idempotency_key=key)
            state.verdict.not_sent(mine)
            raise mine from shared
        finally:
            state.waiting_for_login = False
        return state.token

    def _not_sent(self, state: _Attempt, error: APIError, operation: str) -> APIError:
        state.verdict.not_sent(self._annotate(error, operation))
        return error

    # -- reading the answer -------------------------------------------------------------------

    def _parse(
        self,
        state: _Attempt,
        resp: aiohttp.ClientResponse,
        content: bytes,
        request_id: str | None,
    ) -> Response[Any]:
        operation, family = state.verdict.operation, state.request.operation.family
        try:
            with gc_paused(len(content)):  # large answers: see _gc.py
                payload = _decode(operation, resp, content, request_id, self._core.answer_limits)
                _check_envelope(operation, family, resp, content, payload, request_id)
                parsed = structure_answer(
                    self._core.converter, payload, state.response_type, self._core.answer_limits
                )
                # freed while the collector is still paused: the young collection that is
                # due when it resumes then walks the models only (0.26 ms less, city tree)
                del payload
        except AnswerTooLargeError as exc:  # too deep: it gets the answer's context
            exc.status_code, exc.body, exc.request_id = resp.status, content, request_id
            raise
        except (cattrs.BaseValidationError, CattrsError, ValueError, TypeError, KeyError) as exc:
            detail = "; ".join(_structure_messages(exc))
            message = f"answer does not fit the schema: {detail}"
            raise _unreadable(message, operation, resp, content, request_id) from exc
        return Response(
            status_code=resp.status,
            headers=resp.headers,
            content=content,
            parsed=parsed,
            request_id=request_id,
        )

    # -- retry decisions ----------------------------------------------------------------------

    def _verdict(self, state: _Attempt, error: APIError, number: int) -> Verdict:
        op = state.request.operation
        if state.login_failed:
            state.login_failed = False
            return Verdict.RAISE  # the login ran its own retries; never multiply them
        refused_token = isinstance(error, AuthenticationError) and error.operation != "login"
        if refused_token and op.auth == "bearer" and not state.relogged:
            # the token may have been revoked early: log in once more and replay once
            state.relogged = True
            if self._core.tokens is not None and state.token is not None:
                self._core.tokens.invalidate(state.token)
            return Verdict.REPLAY
        if isinstance(error, TimestampError) and not state.resigned:
            state.resigned = True  # the next attempt signs with a fresh timestamp and nonce
            return Verdict.REPLAY
        if not _transient(error):
            return Verdict.RAISE
        if op.operation_id in _WRITES and self._options.idempotency_key is None:
            # a write without a key is retried only when it surely never left this machine
            return Verdict.RETRY if never_sent(error) else Verdict.RAISE
        return Verdict.RETRY

    def _log_retry(self, state: _Attempt, error: APIError, number: int) -> None:
        log_retry(state.verdict.operation, number, error, self._options.idempotency_key)

    def _annotate(self, error: APIError, operation: str) -> APIError:
        error.operation = error.operation or operation
        error.idempotency_key = error.idempotency_key or self._options.idempotency_key
        return error

    def _record(self, response: Response[Any], started: float) -> None:
        captured = capture.get()
        outcome = self.outcome if captured is not None else None
        if captured is not None and outcome is not None:
            captured.append(
                ResponseInfo(
                    operation=outcome.operation,
                    status_code=response.status_code,
                    headers=response.headers,
                    request_id=response.request_id,
                    attempts=outcome.attempts,
                    elapsed=self._core.clock.monotonic() - started,
                    outcome=outcome,
                    body=response.content,
                )
            )


def _deadline_error(state: _Attempt, deadline: float) -> APITimeoutError:
    where = " while waiting for the login" if state.waiting_for_login else ""
    message = f"deadline of {deadline:g}s exceeded{where} after "
    message += f"{state.verdict.attempts} attempt(s)"
    return APITimeoutError(message, operation=state.verdict.operation)


def _attempt_timeout(timeout: Timeout, total: float) -> aiohttp.ClientTimeout:
    """aiohttp's limits for an attempt that may last ``total`` seconds (the total itself is
    the attempt net's, see ``Transport._attempt``)."""
    # a read limit that cannot fire before the total would only re-arm a timer on every read
    sock_read = timeout.read if timeout.read < total else None
    # ceil_threshold: aiohttp rounds timeouts of 5 s and more up to a whole second, which
    # would let a call overrun its deadline by up to a second; never round
    return aiohttp.ClientTimeout(
        total=None, sock_connect=timeout.connect, sock_read=sock_read, ceil_threshold=math.inf
    )


def _payload(body: bytes) -> bytes | io.BytesIO:
    # aiohttp warns (ResourceWarning) on raw bytes over 1 MiB; KYC applications reach several
    # MB. A BytesIO over the same bytes is streamed in chunks and shares their buffer.
    return io.BytesIO(body) if len(body) > _LARGE_BODY else body


def _form(fields: list[tuple[str, str | File]]) -> aiohttp.FormData:
    # a file object read by an earlier attempt must be sent from its start again
    for _, value in fields:
        if isinstance(value, File) and hasattr(value.payload, "seek"):
            value.payload.seek(0)
    return build_form(fields)


def _not_configured(family: str, operation: str) -> APIError:
    return APIError(f"{family} credentials are not configured on this client", operation=operation)


def _request_id(headers: Mapping[str, str]) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


def _connection_error(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, aiohttp.ClientSSLError | aiohttp.ServerFingerprintMismatch):
        return CertificateError(f"TLS failed ({type(exc).__name__}: {exc})")
    if isinstance(exc, asyncio.TimeoutError):
        return APITimeoutError(f"timed out ({type(exc).__name__})")
    return APIConnectionError(f"connection failed ({type(exc).__name__}: {exc})")


def _decode(
    operation: str,
    resp: aiohttp.ClientResponse,
    content: bytes,
    request_id: str | None,
    limits: AnswerLimits,
) -> Any:
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        # orjson stops at 1,024 levels, past any max_depth (at most 100): it is our limit that
        # the answer broke, and the error should say so rather than "not JSON"
        if resp.status < 400 and str(exc).startswith(_ORJSON_TOO_DEEP):
            raise too_deep(limits) from exc
        if resp.status >= 400:
            raise make_status_error(
                operation=operation,
                status_code=resp.status,
                code=None,
                msg=f"non-JSON answer ({resp.content_type})",
                headers=resp.headers,
                body=content,
                request_id=request_id,
            ) from exc
        kind = "an HTML page" if "html" in resp.content_type else f"not JSON ({resp.content_type})"
        message = f"HTTP {resp.status} answer is {kind}"
        raise _unreadable(message, operation, resp, content, request_id) from exc


def _unreadable(
    message: str,
    operation: str,
    resp: aiohttp.ClientResponse,
    content: bytes,
    request_id: str | None,
) -> APIResponseValidationError:
    return APIResponseValidationError(
        message,
        status_code=resp.status,
        body=content,
        operation=operation,
        request_id=request_id,
    )


def _check_envelope(
    operation: str,
    family: str,
    resp: aiohttp.ClientResponse,
    content: bytes,
    payload: Any,
    request_id: str | None,
) -> None:
    code, msg, ok = _envelope_status(family, payload)
    if ok and resp.status < 400:
        return
    if code is None and resp.status < 400:
        return  # not an envelope (bare login answer): structuring decides
    raise make_status_error(
        operation=operation,
        status_code=resp.status,
        code=code,
        msg=msg,
        headers=resp.headers,
        body=content,
        request_id=request_id,
    )


def _envelope_status(family: str, payload: Any) -> tuple[int | str | None, str | None, bool]:
    """(code, msg, ok) of an envelope; code None when the payload is no envelope."""
    if not isinstance(payload, dict):
        return None, None, False
    code = payload.get("code")
    msg = payload.get("msg")
    msg = msg if isinstance(msg, str) else None
    if family == "finhub":
        if "success" not in payload and code is None:
            return None, msg, False
        return code, msg, payload.get("success") is True and code == _FINHUB_OK
    return code, msg, code == _HYPERCARD_OK


def _structure_messages(exc: BaseException) -> list[str]:
    return describe_structure_error(exc)


def _transient(error: APIError) -> bool:
    if isinstance(error, CertificateError):
        return False  # the next attempt meets the same certificate
    if isinstance(error, (APIConnectionError, RateLimitError, ServerError)):
        return True
    return isinstance(error, APIStatusError) and error.status_code == 408
