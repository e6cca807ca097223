"""A small in-memory TTL cache with single-flight loading, for reference data and card types.

However many callers miss the same key at once, they all await one load: 100 concurrent
reads of a cold key make one network call. A failed load is not cached; every waiter gets the
same error and the next read tries again. :meth:`TTLCache.invalidate` and
:meth:`TTLCache.clear` drop entries and stop a load already in flight from storing its
(possibly stale) result, although the callers already waiting on it still receive it.

Time comes from an injected ``monotonic`` function (the client's clock), so tests are exact.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

import attrs

from ._exceptions import ConfigurationError

__all__ = ["TTLCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@attrs.frozen
class _Entry(Generic[V]):
    value: V
    expires_at: float


def _positive_ttl(_: object, __: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise ConfigurationError(f"cache ttl must be > 0 seconds (got {value!r})")


@attrs.define
class TTLCache(Generic[K, V]):
    """Values per key, each kept ``ttl`` seconds after it was loaded.

    Example::

        cache: TTLCache[str, list[Region]] = TTLCache(ttl=3600, monotonic=time.monotonic)
        regions = await cache.get("regions", load_regions)
    """

    ttl: float = attrs.field(validator=_positive_ttl)
    monotonic: Callable[[], float]
    _entries: dict[K, _Entry[V]] = attrs.field(factory=dict, init=False)
    _inflight: dict[K, asyncio.Future[V]] = attrs.field(factory=dict, init=False)

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value of ``key``, or the result of one shared ``load()`` call."""
        entry = self._entries.get(key)
        if entry is not None and self.monotonic() < entry.expires_at:
            return entry.value
        future = self._inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(self._load(key, load))
            self._inflight[key] = future
            future.add_done_callback(lambda done: self._forget(key, done))
        # shield: one waiter cancelled must not cancel the load the others wait for
        return await asyncio.shield(future)

    def invalidate(self, key: K) -> None:
        """Drop ``key``; the next read loads it afresh."""
        self._entries.pop(key, None)
        self._inflight.pop(key, None)

    def clear(self) -> None:
        """Drop every key; the next reads load afresh."""
        self._entries.clear()
        self._inflight.clear()

    def __len__(self) -> int:
        return len(self._entries)

    async def _load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        value = await load()
        if self._inflight.get(key) is asyncio.current_task():
            # else an invalidate() ran during the load: the value may predate it, don't keep it
            self._entries[key] = _Entry(value, self.monotonic() + self.ttl)
        return value

    def _forget(self, key: K, future: asyncio.Future[V]) -> None:
        if self._inflight.get(key) is future:
            del self._inflight[key]
        if not future.cancelled():
            future.exception()  # retrieved, so an unawaited failure is never logged as lost
