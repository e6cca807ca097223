"""Deadline nets: ``with Net(seconds):`` ends a block at its deadline, on shared timers.

Every call runs under a net that ends it at its deadline whatever phase it is in, and every
attempt under one that ends it at the attempt's total (see the transport). With
``asyncio.timeout(seconds)`` and aiohttp's ``total``, each of these scheduled a timer of its
own; a call nearly always ends long before, and each cancelled timer stayed in the loop's
heap until the loop swept its cancelled timers in a batch. Those timers, freed together,
kept the cyclic collector busy on tiny calls: at 64 calls in flight, 49 young collections
per 4,000 calls against 9 without them. ``asyncio.Timeout`` itself, an async context
manager, costs about 6 µs to enter and leave even with no timer.

So a net files itself in the bucket of its deadline, ``GRANULARITY`` wide, and a bucket
holds one timer, at its end: never before a member's deadline, at most ``GRANULARITY`` after
it. A net that ends takes itself out; the last one out cancels the bucket's timer. A net is
a plain ``with`` block with the semantics of ``asyncio.timeout``: at the deadline it cancels
its task; leaving with the ``CancelledError`` that caused, it raises ``TimeoutError``
instead, unless the task was also cancelled by someone else (``Task.cancelling``), whose
cancellation then goes on. Nested nets, and nets inside ``asyncio.timeout``, tell theirs
apart the same way.

A wheel belongs to one event loop, and only that loop's thread touches it.
"""

from __future__ import annotations

import asyncio
import math
import types
import weakref

__all__ = ["GRANULARITY", "Net"]

GRANULARITY = 0.005
"""How late after its deadline a net may fire, in seconds (the loop's own timers are about
1 ms late)."""


class Net:
    """Cancels the current task ``seconds`` after entering, and turns that into TimeoutError.

    Example::

        with Net(30.0):
            await work()
    """

    __slots__ = ("_cancelling", "_seconds", "_slot", "_task", "_wheel", "expired")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self.expired = False

    def __enter__(self) -> Net:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("a deadline net must be used inside a task")
        self._task = task
        self._cancelling = task.cancelling()
        self._wheel = _wheel(loop)
        self._slot = self._wheel.arm(loop, self, self._seconds)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._wheel.disarm(self, self._slot)
        if not self.expired:
            return
        # our cancel is taken back; another one still pending means someone else's
        if self._task.uncancel() <= self._cancelling and isinstance(exc, asyncio.CancelledError):
            raise TimeoutError from exc

    def _expire(self) -> None:
        self.expired = True
        self._task.cancel()


class _Wheel:
    """The buckets of one loop: slot number -> (its timer, the nets filed there)."""

    # no reference to the loop: the loop keys its wheel in a weak mapping
    __slots__ = ("__weakref__", "_buckets")

    def __init__(self) -> None:
        self._buckets: dict[int, tuple[asyncio.TimerHandle, set[Net]]] = {}

    def arm(self, loop: asyncio.AbstractEventLoop, net: Net, seconds: float) -> int:
        slot = math.ceil((loop.time() + seconds) / GRANULARITY)
        bucket = self._buckets.get(slot)
        if bucket is None:
            timer = loop.call_at(slot * GRANULARITY, self._expire, slot)
            bucket = self._buckets[slot] = (timer, set())
        bucket[1].add(net)
        return slot

    def disarm(self, net: Net, slot: int) -> None:
        bucket = self._buckets.get(slot)
        if bucket is None:  # it fired already
            return
        timer, members = bucket
        members.discard(net)
        if not members:
            timer.cancel()
            del self._buckets[slot]

    def _expire(self, slot: int) -> None:
        _, members = self._buckets.pop(slot)
        for net in members:
            net._expire()


_wheels: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Wheel] = weakref.WeakKeyDictionary()
# the wheel asked for last, and its loop (weakly): nearly every call asks for the same one
_last: tuple[weakref.ReferenceType[asyncio.AbstractEventLoop], _Wheel] | None = None


def _wheel(loop: asyncio.AbstractEventLoop) -> _Wheel:
    global _last
    last = _last
    if last is not None and last[0]() is loop:
        return last[1]
    wheel = _wheels.get(loop)
    if wheel is None:
        wheel = _wheels[loop] = _Wheel()
    _last = (weakref.ref(loop), wheel)
    return wheel
