"""Timing one run: wall clock, this process's CPU time, the server's CPU time."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable, Mapping

import attrs

from ._server import ServerHandle

__all__ = ["Sample", "measure", "run_concurrently", "time_sync"]


@attrs.frozen(kw_only=True)
class Sample:
    """One contender's run of one scenario in one round.

    Attributes:
        contender: who ran it.
        round: 0-based round number.
        wall: seconds from start to end.
        cpu: CPU seconds of the client process (all its threads) during the run.
        server_cpu: CPU seconds of the server process during the run (0 without a server).
        count: operations done (calls, records, signatures...).
        requests: HTTP requests the server saw during the run (-1 when not counted).
        connections: connections the server accepted during the run (-1 when not counted).
        gc: seconds the client spent in the cyclic garbage collector during the run.
        extra: scenario-specific numbers (logins, RSS...).
    """

    contender: str
    round: int
    wall: float
    cpu: float
    server_cpu: float = 0.0
    count: int = 1
    requests: int = -1
    connections: int = -1
    gc: float = 0.0
    extra: Mapping[str, float] = attrs.field(factory=dict)


class _GcClock:
    """Adds up the time of the collections that run while it is entered."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def _callback(self, phase: str, _: Mapping[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> _GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)


async def measure(
    contender: str,
    round_number: int,
    run: Callable[[], Awaitable[int]],
    *,
    server: ServerHandle | None,
    limit: float,
) -> Sample:
    """Run ``run()`` (it returns its operation count) once, within ``limit`` seconds."""
    gc.collect()
    before = await server.stats() if server is not None else None
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with _GcClock() as collector:
        async with asyncio.timeout(limit):
            count = await run()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    if server is None or before is None:
        return Sample(
            contender=contender,
            round=round_number,
            wall=wall,
            cpu=cpu,
            count=count,
            gc=collector.seconds,
        )
    after = await server.stats()
    requests = sum(after.requests.values()) - sum(before.requests.values())
    return Sample(
        contender=contender,
        round=round_number,
        wall=wall,
        cpu=cpu,
        server_cpu=after.cpu - before.cpu,
        count=count,
        requests=requests - 1,  # the stats request that closed the window
        connections=after.connections - before.connections,
        gc=collector.seconds,
    )


def time_sync(contender: str, round_number: int, run: Callable[[], int]) -> Sample:
    """Time a synchronous ``run()`` (no server involved)."""
    gc.collect()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    count = run()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Sample(contender=contender, round=round_number, wall=wall, cpu=cpu, count=count)


async def run_concurrently(
    call: Callable[[], Awaitable[object]], calls: int, concurrency: int
) -> int:
    """Make ``calls`` calls with at most ``concurrency`` in flight; return ``calls``."""
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, calls)):
            group.create_task(worker())
    return calls
