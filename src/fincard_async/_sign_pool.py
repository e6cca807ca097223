"""Signing HyperCard requests in a small thread pool, so that signed throughput grows with cores.

An RSA signature costs 90-260 µs of CPU, and ``cryptography`` releases the GIL while it
computes one. A client whose process may use more than one core can therefore sign in worker
threads while its event loop keeps sending and reading other calls. When nothing else is in
flight there is nothing to overlap with, and the hop to a thread and back only adds latency:
then the signature is computed inline, on the loop, exactly as without a pool.

The decision, per signature (all of it on the event loop's thread, so no lock is needed):

1. Threads off (or the pool closed): sign inline.
2. Another signature of this client is being computed in a worker: sign in a worker too.
3. Otherwise yield to the loop once. Calls that became ready at the same moment (answers
   read in one loop iteration) get to ask for their signatures in that turn; if any did, this
   signature goes to a worker; if none did, this call is alone and signs inline. The yield
   costs one loop iteration (a few µs), far below the hop it saves.

Cancellation: a caller cancelled while a worker signs for it stops waiting at once; the worker
finishes that one signature (a computation cannot be interrupted) and its result is dropped.
Nothing is shared between callers but counters, so a cancelled caller leaves nothing behind.
Closing never cancels a signature already handed over (its caller would see a
``CancelledError`` it did not ask for); the workers finish those (at most one per call in
flight, each under a millisecond), the calls then meet the closed client like any other, and
the workers exit. The loop never waits for them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from collections.abc import Callable
from typing import Final, TypeVar

__all__ = ["SignPool", "usable_cpus"]

_T = TypeVar("_T")
_MAX_WORKERS: Final = 4
THREAD_PREFIX: Final = "fincard-sign"


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows: no affinity masks
        return os.cpu_count() or 1


class SignPool:
    """Runs signing jobs inline or in worker threads (see the module docstring for when).

    Args:
        threads: ``None`` (the default) uses worker threads when the process may run on more
            than one CPU, where they win; ``True`` uses them even on one CPU; ``False`` never.
        workers: worker threads; default one per usable CPU, at most 4 (the workers are idle
            while they wait, so the event loop still gets its core when it needs it).
    """

    def __init__(self, *, threads: bool | None = None, workers: int | None = None) -> None:
        cpus = usable_cpus()
        self.threads = cpus > 1 if threads is None else threads
        self.workers = workers or min(_MAX_WORKERS, cpus)
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._in_workers = 0  # signatures handed to a worker and not yet back
        self._asked = 0  # signatures asked for so far: tells a lone caller from a crowd
        self._closed = False

    async def run(self, job: Callable[[], _T]) -> _T:
        """Run ``job`` (a signature) inline or in a worker, and return its result."""
        if not self.threads or self._closed:
            return job()
        self._asked += 1
        if not self._in_workers:
            asked = self._asked
            await asyncio.sleep(0)  # let calls ready in this same turn ask too (rule 3)
            if asked == self._asked and not self._in_workers:
                return job()
            if self._closed:  # closed while this call yielded
                return job()
        return await self._in_worker(job)

    async def _in_worker(self, job: Callable[[], _T]) -> _T:
        self._in_workers += 1
        try:
            return await asyncio.wrap_future(self._pool().submit(job))
        finally:
            self._in_workers -= 1

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        # made on first use: a client that never signs concurrently starts no thread
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=self.workers, thread_name_prefix=THREAD_PREFIX
            )
        return self._executor

    def close(self) -> None:
        """Stop the workers; later signatures are computed inline. Never blocks the loop."""
        self._closed = True
        if self._executor is not None:
            # signatures handed over are finished, never cancelled: see the module docstring
            self._executor.shutdown(wait=False)
            self._executor = None

    def __repr__(self) -> str:
        mode = f"{self.workers} worker thread(s)" if self.threads else "inline"
        return f"<SignPool {mode}{' closed' if self._closed else ''}>"
