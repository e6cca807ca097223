"""Deadline nets on shared timers: never early, never much late, asyncio.timeout's semantics."""

from __future__ import annotations

import asyncio

import pytest

from fincard_async._deadlines import GRANULARITY, Net


async def _guarded(seconds: float, work: float) -> None:
    with Net(seconds):
        await asyncio.sleep(work)


async def _cut_after(deadline: float) -> float:
    """How long a block guarded by a net of ``deadline`` ran before the net cut it."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(TimeoutError):
        await _guarded(deadline, 5)
    return loop.time() - start


async def test_each_of_many_nets_fires_at_its_own_deadline_never_before() -> None:
    deadlines = [0.05 + i * 0.0007 for i in range(300)]  # many share a bucket, many do not
    took = await asyncio.gather(*(_cut_after(d) for d in deadlines))
    for deadline, seconds in zip(deadlines, took, strict=True):
        assert seconds >= deadline  # never early
        assert seconds < deadline + GRANULARITY + 0.25  # and never left running


async def test_a_block_that_ends_in_time_is_not_touched_and_leaves_no_timer() -> None:
    loop = asyncio.get_running_loop()
    before = _live_timers(loop)
    await asyncio.gather(*(_guarded(0.2, 0.001) for _ in range(500)))
    assert _live_timers(loop) <= before
    await asyncio.sleep(0.3)  # past every deadline: nothing fires into a finished block


async def test_the_callers_own_cancellation_wins_over_the_net() -> None:
    task = asyncio.create_task(_guarded(0.05, 5))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # the bucket it shared fires later into nobody: a neighbour still times out normally
    with pytest.raises(TimeoutError):
        await _guarded(0.05, 5)


async def test_a_cancel_from_outside_at_the_deadline_is_not_swallowed() -> None:
    async def guarded_then_cancelled() -> None:
        with Net(0.02):
            try:
                await asyncio.sleep(5)
            finally:
                current = asyncio.current_task()
                assert current is not None
                current.cancel()  # someone else's cancel arrives as the net fires
                await asyncio.sleep(0)

    with pytest.raises(asyncio.CancelledError):
        await asyncio.create_task(guarded_then_cancelled())


async def test_nested_nets_and_asyncio_timeout_each_report_their_own() -> None:
    loop = asyncio.get_running_loop()
    before = _live_timers(loop)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.02):
            await _guarded(10, 5)  # the outer timeout fires first; the net stays silent
    assert _live_timers(loop) <= before  # the net's bucket, emptied on the way out, is gone
    outer, inner = Net(10), Net(0.02)

    async def nested() -> None:
        with outer, inner:
            await asyncio.sleep(5)

    with pytest.raises(TimeoutError):
        await nested()
    assert inner.expired
    assert not outer.expired


async def test_a_net_outside_a_task_is_refused() -> None:
    loop = asyncio.get_running_loop()
    refused: asyncio.Future[BaseException] = loop.create_future()

    def in_a_callback() -> None:  # the loop runs, but no task does: nothing to cancel
        try:
            with Net(1):
                pass
        except RuntimeError as exc:
            refused.set_result(exc)

    loop.call_soon(in_a_callback)
    assert "inside a task" in str(await refused)


def _live_timers(loop: asyncio.AbstractEventLoop) -> int:
    scheduled: list[asyncio.TimerHandle] = loop._scheduled  # type: ignore[attr-defined]
    return sum(not handle.cancelled() for handle in scheduled)
