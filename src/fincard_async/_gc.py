"""Reading a large answer without paying Python's cyclic garbage collector for it.

Typed models are tracked by the cyclic collector; the dicts of plain strings that a raw client
keeps are not. Decoding and structuring the city tree (5,000 nodes) allocate far more than the
collector's young-generation threshold (700 allocations, untracked dicts included), so it ran
hundreds of young collections per 24 calls, dozens of middle ones, and full ones over the
whole heap: the bulk of the SDK's excess CPU over raw JSON on large answers. None of that work
can free anything: what is being built stays alive until the answer is returned, and the
middle collections promoted the trees of concurrent calls to the oldest generation, which
brought on the full collections.

:func:`gc_paused` therefore pauses the collector around the synchronous step that decodes and
structures one large answer, and restores it after. The decode is inside too: pausing only the
structuring still let the decode's allocations run the collections that promote (measured:
GC per call fell 25 % with structuring paused, 70 % with both). It is invisible to the caller:

- Only if it was enabled: an application that disabled the collector keeps it disabled.
- Only around synchronous code: the step contains no ``await``, so no other task runs and
  no cancellation can be delivered while the collector is paused; ``finally`` restores it on
  any exception. The pause lasts one decode and structure, bounded by the answer's size.
- Threads: the collector is one switch for the whole process. Pauses in several threads
  share one lock and one counter; the first pause to begin turns the collector off (if it
  was on) and the last to end turns it back on, so an overlapping pause in another thread
  never re-enables it early, and a pause never enables a collector it did not disable.
  An application that calls ``gc.disable()`` itself *during* a pause gets the collector
  back on when the pause ends: nothing distinguishes the two switches, and such a call racing
  an SDK call is not a case worth a heavier mechanism.
- Nothing is lost: allocations made during the pause still count, so the first allocation
  after it runs the young collection that was due, once, over the new objects. That one
  collection (a walk over the live models) is what is left of the GC cost.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator
from typing import Final

__all__ = ["GC_PAUSE_MIN_BYTES", "gc_paused"]

GC_PAUSE_MIN_BYTES: Final = 64 * 1024
"""Answers from this size pause the collector while they are decoded and structured.

Below it an answer builds too few objects to trigger more than a collection or two, and
the pause would cost more than it saves."""


class _Switch:
    """The bookkeeping of the process's one collector switch: how many pauses are running,
    and whether the first of them turned the collector off."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pauses = 0
        self._we_disabled = False

    def begin(self) -> None:
        with self._lock:
            if self._pauses == 0:
                self._we_disabled = gc.isenabled()
                gc.disable()
            self._pauses += 1

    def end(self) -> None:
        with self._lock:
            self._pauses -= 1
            if self._pauses == 0 and self._we_disabled:
                self._we_disabled = False
                gc.enable()


# one per process, like the collector it switches (state, not configuration)
_SWITCH = _Switch()


def gc_paused(
    size: int, *, min_bytes: int = GC_PAUSE_MIN_BYTES
) -> contextlib.AbstractContextManager[None]:
    """Pause the cyclic collector for the block when ``size`` bytes reach ``min_bytes``.

    The block must be synchronous (no ``await``): see the module docstring for why.
    """
    # a small answer (nearly every call) gets a shared do-nothing block, not a generator
    return _NO_PAUSE if size < min_bytes else _paused()


_NO_PAUSE: Final = contextlib.nullcontext()


@contextlib.contextmanager
def _paused() -> Iterator[None]:
    _SWITCH.begin()
    try:
        yield
    finally:
        _SWITCH.end()
