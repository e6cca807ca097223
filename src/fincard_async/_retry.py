"""The one retry loop: bounded attempts, exponential back-off with jitter, one deadline.

What to do with a failure is the caller's ``classify`` function; this module only knows how
long to wait and when to give up. Clock, sleep and randomness are injected so tests are exact.
"""

from __future__ import annotations

import asyncio
import email.utils
import enum
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Generic, TypeVar

import attrs

from ._config import RetryPolicy
from ._exceptions import APIError, APIStatusError, APITimeoutError

__all__ = ["Clock", "RetryLoop", "Verdict"]

T = TypeVar("T")
C = TypeVar("C")


class Verdict(enum.Enum):
    """What to do after a failed attempt."""

    RAISE = "raise"
    RETRY = "retry"  # after back-off, counted against max_retries
    REPLAY = "replay"  # at once, not counted: re-login after a 401, re-sign after A0002


@attrs.define(kw_only=True)
class Clock:
    """Time and randomness the retry loop uses; tests pass fakes."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    random: Callable[[], float] = random.random


def _parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    value = headers.get("Retry-After") or headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


@attrs.define(kw_only=True)
class RetryLoop(Generic[C]):
    """Runs ``attempt`` until it succeeds, ``classify`` says stop, or a bound is reached.

    The loop hands the call's ``context`` (its state) back to ``attempt``, ``classify`` and
    ``on_retry``, so these can be plain bound methods: a call then allocates no closure or
    partial of its own, each of which would stay alive, GC-tracked, for the whole call.
    """

    policy: RetryPolicy
    deadline: float
    operation: str
    clock: Clock = attrs.field(factory=Clock)
    # told about every failed attempt that is followed by another one (for the INFO log)
    on_retry: Callable[[C, APIError, int], None] | None = None

    def backoff(self, retry_number: int) -> float:
        """Delay before retry ``retry_number`` (1-based): half fixed, half random."""
        growth: float = 2.0 ** (retry_number - 1)
        base = min(self.policy.max_delay, self.policy.initial_delay * growth)
        return base / 2 + self.clock.random() * base / 2

    def _delay(self, error: APIError, retry_number: int) -> float | None:
        """The wait before the next try, or None when the server asks for too long a wait."""
        if isinstance(error, APIStatusError):
            asked = _parse_retry_after(error.headers, time.time())
            if asked is not None:
                return asked if asked <= self.policy.max_retry_after else None
        return self.backoff(retry_number)

    async def run(
        self,
        attempt: Callable[[C, float], Awaitable[T]],
        classify: Callable[[C, APIError, int], Verdict],
        context: C,
    ) -> T:
        """Call ``attempt(context, seconds_left)`` until done; raise the last error when giving
        up."""
        ends = self.clock.monotonic() + self.deadline
        retries = 0
        number = 0
        last: APIError | None = None
        while True:
            number += 1
            left = ends - self.clock.monotonic()
            if left <= 0:
                message = f"deadline of {self.deadline:g}s exceeded after {number - 1} attempt(s)"
                raise APITimeoutError(message, operation=self.operation) from last
            try:
                return await attempt(context, left)
            except APIError as error:
                last = error
                verdict = classify(context, error, number)
                if verdict is Verdict.REPLAY:
                    self._tell(context, error, number)
                    continue
                if verdict is Verdict.RAISE or retries >= self.policy.max_retries:
                    raise
                retries += 1
                delay = self._delay(error, retries)
                if delay is None or self.clock.monotonic() + delay >= ends:
                    raise
                self._tell(context, error, number)
                await self.clock.sleep(delay)

    def _tell(self, context: C, error: APIError, number: int) -> None:
        if self.on_retry is not None:
            self.on_retry(context, error, number)
