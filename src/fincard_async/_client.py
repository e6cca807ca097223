"""The public client: one per application, owning one aiohttp session."""

from __future__ import annotations

import contextlib
import copy
import math
import platform
import types
from collections.abc import Iterator, Sequence
from typing import Any, Self

import aiohttp
import attrs

from fincard_async._generated.models import LoginRequest

from . import _signing
from ._auth import TokenCache
from ._cards import DEFAULT_CARD_TYPES_TTL, Cards
from ._config import (
    NOT_GIVEN,
    ConnectionLimits,
    EndUser,
    FinHubConfig,
    HyperCardConfig,
    NotGiven,
    RetryPolicy,
    Timeout,
)
from ._conversion import make_converter
from ._exceptions import ConfigurationError
from ._files import Files
from ._limits import AnswerLimits
from ._login import log_in
from ._logs import setup_from_env
from ._order_numbers import OrderNumberGenerator
from ._reference_data import DEFAULT_REFERENCE_TTL, ReferenceData
from ._resources import finhub_headers
from ._retry import Clock
from ._sign_pool import SignPool
from ._transport import CallOptions, ResponseInfo, Signer, Transport, TransportCore, capture
from ._validation import SpecValidator
from ._version import __version__
from ._work_orders import WorkOrders

__all__ = ["FincardClient"]


@attrs.define
class _Shared:
    """State that ``with_options`` copies share: the session and the credentials' caches."""

    session: aiohttp.ClientSession | None
    owns_session: bool
    closed: bool = False


class FincardClient:
    """Async client for the FinHub FinCard Virtual and HyperCard APIs.

    Use one per application, as ``async with FincardClient(...) as client:``. The aiohttp
    session is created inside the running loop and closed on exit; a session you pass in is
    used but never closed. A closed client refuses further calls with ``RuntimeError``.

    Args:
        finhub: FinHub credentials and context (needed for FinHub operations).
        hypercard: HyperCard credentials (needed for card operations). A bad private key
            raises :class:`ConfigurationError` here, not on the first call.
        timeout: default :class:`Timeout` (connect 5 s, attempt 30 s, deadline 60 s).
        retry: default :class:`RetryPolicy` (2 retries, back-off 0.5 s doubling to 8 s).
        limits: connection pool sizes.
        answer_limits: the largest answer accepted (8 MiB, as received and decompressed) and
            its deepest nesting (32): see :class:`AnswerLimits`.
        session: an ``aiohttp.ClientSession`` to use instead of our own (not closed by us).
        trace_configs: aiohttp ``TraceConfig`` objects for tracing (only for our own session).
        order_numbers: generator of ``merchantOrderNo``/``mc_trade_no`` values.
        reference_data_ttl: seconds the cached reference data stays fresh (1 hour).
        card_types_ttl: seconds the cached merchant card list stays fresh (10 minutes).
        clock: time, sleep and randomness for retries (tests inject fakes).
        reconcile: look an uncertain FinHub work-order submit up by its ``merchantOrderNo``
            before reporting :class:`OutcomeUnknownError` (on by default).

    Environment: ``FinHubConfig``/``HyperCardConfig`` read ``FINCARD_*`` variables for values
    left unset; ``FINCARD_LOG=debug`` prints one log line per attempt.

    Example::

        async with FincardClient(finhub=FinHubConfig(...)) as client:
            countries = await client.reference_data.list_regions()
    """

    finhub: FinHubConfig | None
    hypercard: HyperCardConfig | None
    timeout: Timeout
    retry: RetryPolicy
    limits: ConnectionLimits
    order_numbers: OrderNumberGenerator
    reconcile: bool
    reference_data: ReferenceData
    files: Files
    work_orders: WorkOrders
    cards: Cards

    def __init__(
        self,
        *,
        finhub: FinHubConfig | None = None,
        hypercard: HyperCardConfig | None = None,
        timeout: Timeout | None = None,
        retry: RetryPolicy | None = None,
        limits: ConnectionLimits | None = None,
        session: aiohttp.ClientSession | None = None,
        trace_configs: Sequence[aiohttp.TraceConfig] = (),
        order_numbers: OrderNumberGenerator | None = None,
        reference_data_ttl: float = DEFAULT_REFERENCE_TTL,
        card_types_ttl: float = DEFAULT_CARD_TYPES_TTL,
        clock: Clock | None = None,
        reconcile: bool = True,
        answer_limits: AnswerLimits | None = None,
    ) -> None:
        if finhub is None and hypercard is None:
            raise ConfigurationError("configure at least one of finhub= or hypercard=")
        if session is not None and trace_configs:
            raise ConfigurationError("trace_configs apply to our own session: add them to yours")
        setup_from_env()
        self.finhub = finhub
        self.hypercard = hypercard
        self.timeout = timeout or Timeout()
        self.retry = retry or RetryPolicy()
        self.limits = limits or ConnectionLimits()
        self.order_numbers = order_numbers or OrderNumberGenerator()
        self.reconcile = reconcile
        self._trace_configs = tuple(trace_configs)
        self._ttls = (reference_data_ttl, card_types_ttl)
        self._default_end_user: EndUser | None = finhub.end_user if finhub else None
        self._plain_options: CallOptions | None = None
        self._plain_headers: tuple[FinHubConfig, EndUser, dict[str, Any]] | None = None
        self._shared = _Shared(session=session, owns_session=session is None)
        self._core = TransportCore(
            session=self._session,
            converter=make_converter(),
            base_urls=_base_urls(finhub, hypercard),
            user_agent=f"fincard-async/{__version__} aiohttp/{aiohttp.__version__} "
            f"python/{platform.python_version()}",
            signer=_signer(hypercard),
            clock=clock or Clock(),
            answer_limits=answer_limits or AnswerLimits(),
        )
        if finhub is not None:
            self._core.tokens = TokenCache(
                login=self._login,
                margin=finhub.token_refresh_margin,
                monotonic=self._core.clock.monotonic,
            )
        self._bind_resources()

    def _bind_resources(self) -> None:
        validator = SpecValidator()  # compiled lazily, once per client and its copies
        reference_ttl, card_types_ttl = self._ttls
        self.reference_data = ReferenceData(self, cache_ttl=reference_ttl, validator=validator)
        self.files = Files(self, validator=validator)
        self.work_orders = WorkOrders(self, validator=validator)
        self.cards = Cards(self, validator=validator, card_types_ttl=card_types_ttl)

    def _rebind_resources(self, source: FincardClient) -> None:
        # shallow copies: caches and the compiled spec stay shared, options come from self
        for name in ("reference_data", "files", "work_orders", "cards"):
            resource = copy.copy(getattr(source, name))
            resource._client = self
            setattr(self, name, resource)

    # -- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._session()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the session if we made it; the client cannot be used afterwards."""
        shared = self._shared
        if shared.closed:
            return
        shared.closed = True
        if self._core.signer is not None:
            self._core.signer.pool.close()
        if shared.session is not None and shared.owns_session:
            await shared.session.close()
        shared.session = None

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` ran."""
        return self._shared.closed

    def _session(self) -> aiohttp.ClientSession:
        shared = self._shared
        if shared.closed:
            raise RuntimeError("this FincardClient is closed; create a new one")
        if shared.session is None:
            # created here, inside the running loop, never at import or in __init__
            limits = self.limits
            connector = aiohttp.TCPConnector(
                limit=limits.max_connections,
                limit_per_host=limits.max_connections_per_host,
                keepalive_timeout=limits.keepalive_timeout,
                # never round read timeouts up to whole seconds: deadlines must hold
                timeout_ceil_threshold=math.inf,
            )
            shared.session = aiohttp.ClientSession(
                connector=connector, trace_configs=list(self._trace_configs) or None
            )
        return shared.session

    # -- options ------------------------------------------------------------------------------

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven = NOT_GIVEN,
        end_user: EndUser | NotGiven = NOT_GIVEN,
        reconcile: bool | NotGiven = NOT_GIVEN,
    ) -> FincardClient:
        """A client with other defaults that shares this one's session, token and caches.

        The original is left untouched; closing either one closes the shared session.
        """
        clone = object.__new__(FincardClient)
        clone.__dict__.update(self.__dict__)
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(retry, NotGiven):
            clone.retry = retry
        if not isinstance(end_user, NotGiven):
            clone._default_end_user = end_user
        if not isinstance(reconcile, NotGiven):
            clone.reconcile = reconcile
        clone._rebind_resources(self)
        return clone

    @contextlib.contextmanager
    def capture_responses(self) -> Iterator[list[ResponseInfo]]:
        """Collect what every successful call inside the block saw: the raw-answer path.

        Each :class:`ResponseInfo` holds the operation, HTTP status, headers, request id,
        attempts, elapsed time, the call's outcome record and the body exactly as received,
        for every operation, beside the typed result the call returns. (A context block
        rather than a ``with_raw_response`` twin of every method: one mechanism for every
        operation, reconciled writes and the login included, and no second API to keep in
        step.)

        Example::

            with client.capture_responses() as seen:
                await client.reference_data.list_regions()
            print(seen[-1].request_id, seen[-1].status_code, len(seen[-1].body))
        """
        seen: list[ResponseInfo] = []
        token = capture.set(seen)
        try:
            yield seen
        finally:
            capture.reset(token)

    # -- internals used by the resources ------------------------------------------------------

    def _plain_call_options(self) -> CallOptions:
        """The options of a call without overrides: built again only when a default changes."""
        options = self._plain_options
        if (
            options is None
            or options.timeout is not self.timeout
            or options.retry is not self.retry
            or options.end_user is not self._default_end_user
        ):
            options = CallOptions(
                timeout=self.timeout, retry=self.retry, end_user=self._default_end_user
            )
            self._plain_options = options
        return options

    def _plain_finhub_headers(self) -> dict[str, Any]:
        """The FinHub context headers for the default end user, built once per default."""
        config = self._require_finhub()
        end_user = self._default_end_user or config.end_user
        cached = self._plain_headers
        if cached is None or cached[0] is not config or cached[1] is not end_user:
            cached = self._plain_headers = (config, end_user, finhub_headers(config, end_user))
        return cached[2]

    def _open_transport(self, options: CallOptions) -> Transport:
        self._session()  # fail fast on a closed client, before building anything
        return Transport(self._core, options)

    def _require_finhub(self) -> FinHubConfig:
        if self.finhub is None:
            raise ConfigurationError("this client has no FinHub configuration (finhub=...)")
        return self.finhub

    def _require_hypercard(self) -> HyperCardConfig:
        if self.hypercard is None:
            raise ConfigurationError("this client has no HyperCard configuration (hypercard=...)")
        return self.hypercard

    async def _login(self) -> tuple[str, float]:
        config = self._require_finhub()
        body = LoginRequest(
            email=config.email, password=config.password, tenant_id=config.tenant_id
        )
        # checked like every call: a bad X-Forwarded-For is a ValidationError, not a refusal
        headers = await self.reference_data._checked_finhub_headers("login", None, body=body)
        # its own transport with the client's defaults: no resource's options or key
        transport = self._open_transport(self._plain_call_options())
        return await log_in(transport, body, headers)

    def __repr__(self) -> str:
        families = [n for n, c in (("finhub", self.finhub), ("hypercard", self.hypercard)) if c]
        state = "closed" if self.is_closed else "open"
        return f"<FincardClient {'+'.join(families)} {state}>"


def _base_urls(finhub: FinHubConfig | None, hypercard: HyperCardConfig | None) -> dict[str, str]:
    urls: dict[str, str] = {}
    if finhub is not None:
        urls["finhub"] = finhub.base_url.rstrip("/")
    if hypercard is not None:
        urls["hypercard"] = hypercard.base_url.rstrip("/")
    return urls


def _signer(config: HyperCardConfig | None) -> Signer | None:
    if config is None:
        return None
    writer = _signing.NESTED_WRITERS.get(config.nested_writer)
    if writer is None:
        choices = ", ".join(sorted(_signing.NESTED_WRITERS))
        raise ConfigurationError(f"nested_writer must be one of {choices}")
    key = _signing.load_private_key(config.private_key, passphrase=config.passphrase)
    pool = SignPool(threads=config.sign_in_threads)
    return Signer(config=config, private_key=key, nested_writer=writer, pool=pool)
