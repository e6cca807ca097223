"""The deadline net's shared timers: never early, never much late, asyncio's own semantics."""

from __future__ import annotations

import asyncio

import pytest

from fincard_async._deadlines import GRANULARITY, arm, disarm


async def _guarded(seconds: float, work: float) -> None:
    """Sleep ``work`` under a net of ``seconds``, armed as the transport arms it."""
    async with asyncio.timeout(None) as net:
        slot = arm(net, seconds)
        try:
            await asyncio.sleep(work)
        finally:
            disarm(net, slot)


async def test_each_of_many_nets_fires_at_its_own_deadline_never_before() -> None:
    deadlines = [0.05 + i * 0.0007 for i in range(300)]  # many share a bucket, many do not
    took = await asyncio.gather(*(_cut_after(d) for d in deadlines))
    for deadline, seconds in zip(deadlines, took, strict=True):
        assert seconds >= deadline  # never early
        assert seconds < deadline + GRANULARITY + 0.25  # and never left running


async def _cut_after(deadline: float) -> float:
    """How long a block guarded by a net of ``deadline`` ran before the net cut it."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(TimeoutError):
        await _guarded(deadline, 5)
    return loop.time() - start


async def test_a_call_that_ends_in_time_is_not_touched_and_leaves_no_timer() -> None:
    loop = asyncio.get_running_loop()
    before = _live_timers(loop)
    await asyncio.gather(*(_guarded(0.2, 0.001) for _ in range(500)))
    await asyncio.sleep(0.3)  # past every deadline: nothing fires into a finished block
    assert _live_timers(loop) <= before


async def test_the_callers_own_cancellation_wins_over_the_net() -> None:
    task = asyncio.create_task(_guarded(0.05, 5))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # the bucket it shared fires later into nobody: a neighbour still times out normally
    with pytest.raises(TimeoutError):
        await _guarded(0.05, 5)


async def test_a_net_inside_an_outer_timeout_lets_the_outer_one_report_itself() -> None:
    loop = asyncio.get_running_loop()
    before = _live_timers(loop)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.02):
            await _guarded(10, 5)  # the outer timeout fires first; the net stays silent
    assert _live_timers(loop) <= before  # the net's bucket, emptied on the way out, is gone


def _live_timers(loop: asyncio.AbstractEventLoop) -> int:
    scheduled: list[asyncio.TimerHandle] = loop._scheduled  # type: ignore[attr-defined]
    return sum(not handle.cancelled() for handle in scheduled)
