"""FinHub bearer tokens: cached, refreshed ahead of expiry, one login in flight at a time.

FinHub tokens live an hour and there is no refresh endpoint, so the client logs in again a
margin before expiry. However many callers find the token stale at once, they all await the
same login, each for no longer than its own deadline allows; a failed login fails them all
(the transport gives each caller an error of its own) and the next call tries anew.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import attrs

__all__ = ["Token", "TokenCache"]


@attrs.frozen
class Token:
    """A bearer token and the monotonic time after which it must not be used."""

    value: str = attrs.field(repr=False)
    refresh_at: float


@attrs.define
class TokenCache:
    """Holds the current token and runs at most one login at a time.

    ``login`` returns ``(access_token, expires_in_seconds)``.
    """

    login: Callable[[], Awaitable[tuple[str, float]]]
    margin: float
    monotonic: Callable[[], float]
    _token: Token | None = attrs.field(default=None, init=False)
    _inflight: asyncio.Future[Token] | None = attrs.field(default=None, init=False)
    _waiters: list[asyncio.Future[Token]] = attrs.field(factory=list, init=False)

    def current(self) -> str | None:
        """The token, if one is held and valid for at least the margin; never waits.

        Nearly every call finds one: asking first spares it the coroutine of :meth:`get`.
        """
        token = self._token
        if token is not None and self.monotonic() < token.refresh_at:
            return token.value
        return None

    async def get(self) -> str:
        """A token valid for at least the margin; logs in when there is none.

        The wait is bounded by the caller's own deadline (the transport's net around the
        call); a caller that gives up leaves the login running for the others.
        """
        token = self.current()
        return token if token is not None else (await self._shared_login()).value

    def invalidate(self, value: str) -> None:
        """Forget ``value`` (the server refused it), unless a newer token replaced it already."""
        if self._token is not None and self._token.value == value:
            self._token = None

    async def _shared_login(self) -> Token:
        if self._inflight is None:
            self._inflight = asyncio.ensure_future(self._login())
            self._inflight.add_done_callback(self._hand_out)
        # each caller waits on a future of its own, never on the login task itself: a caller
        # cancelled (or past its deadline) cannot cancel the login the others wait for, and
        # leaving costs O(1), where a thousand shields each unhooking from one task cost O(n^2)
        waiter: asyncio.Future[Token] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return await waiter

    def _hand_out(self, future: asyncio.Future[Token]) -> None:
        self._inflight = None
        waiters, self._waiters = self._waiters, []
        # retrieved here, so that a failure nobody awaits never logs "never retrieved"
        error = None if future.cancelled() else future.exception()
        for waiter in waiters:
            if waiter.done():
                continue  # its caller gave up
            if future.cancelled():
                waiter.cancel()
            elif error is None:
                waiter.set_result(future.result())
            else:
                waiter.set_exception(error)
                waiter.exception()  # a caller cancelled at this very moment must not log it

    async def _login(self) -> Token:
        value, expires_in = await self.login()
        # a short-lived token would be refreshed at once: never keep more than half its life
        margin = min(self.margin, expires_in / 2)
        self._token = Token(value=value, refresh_at=self.monotonic() + expires_in - margin)
        return self._token
