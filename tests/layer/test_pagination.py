"""``client.work_orders.list()`` over loopback: walks, caps, loop guards, prefetch, cleanup."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincard_async import APIResponseValidationError, ServerError, ValidationError
from fincard_async._generated.models import WorkOrderRecord
from fincard_async._pagination import AsyncPaginator

from .conftest import FakeFinHub, open_client, work_order

PREFETCH = "fincard-prefetch"


def _prefetch_tasks() -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith(PREFETCH) and not t.done()]


def _numbers(records: list[WorkOrderRecord]) -> list[int]:
    return [int(r.order_no[1:]) for r in records]


async def test_walks_ten_thousand_records_once_each_in_order(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(10_000)]
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=100)]
    assert _numbers(seen) == list(range(10_000))
    assert finhub.pages == [(n, 100) for n in range(1, 101)]


async def test_a_capped_server_is_followed_at_its_own_size(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(10_000)]
    finhub.page_cap = 50
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=100)]
    assert _numbers(seen) == list(range(10_000))
    # the first page revealed the cap; every later page asks for the size the server uses
    assert finhub.pages[0] == (1, 100)
    assert finhub.pages[1:] == [(n, 50) for n in range(2, 201)]


async def test_a_server_offsetting_by_the_asked_size_loses_nothing(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    """A capped server computing the offset from the size it was asked would skip records."""
    orders = [work_order(n) for n in range(1_000)]

    def offset_by_asked(num: int, size: int) -> dict[str, Any]:
        start = (num - 1) * size
        return {"total": len(orders), "records": orders[start : start + min(size, 30)]}

    finhub.page_hook = offset_by_asked
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=100)]
    assert _numbers(seen) == list(range(1_000))


async def test_a_server_ignoring_the_size_with_bigger_pages_is_followed(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    orders = [work_order(n) for n in range(1_000)]

    def always_64(num: int, size: int) -> dict[str, Any]:
        return {"total": len(orders), "records": orders[(num - 1) * 64 : num * 64]}

    finhub.page_hook = always_64
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=10)]
    assert _numbers(seen) == list(range(1_000))
    assert {size for _, size in finhub.pages[1:]} == {64}


async def test_a_repeated_page_raises_instead_of_looping(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(1_000)]
    finhub.repeat_from = 3  # page 3 answers with page 2 again
    seen: list[WorkOrderRecord] = []

    async def walk(orders: AsyncPaginator[WorkOrderRecord]) -> None:
        async for record in orders:
            seen.append(record)

    async with open_client(finhub_server=finhub_server) as client:
        with pytest.raises(APIResponseValidationError, match="page 3 repeats page 2") as caught:
            await walk(client.work_orders.list(page_size=100))
    assert caught.value.operation == "listWorkOrders"
    assert _numbers(seen) == list(range(200))
    # page 4 may have been asked for ahead while page 3 was awaited; it is never yielded
    assert [num for num, _ in finhub.pages][:3] == [1, 2, 3]
    assert len(finhub.pages) <= 4


async def test_a_walk_broken_by_a_repeated_page_cancels_the_page_asked_ahead(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(1_000)]
    finhub.repeat_from = 3
    finhub.gates[3] = asyncio.Event()  # page 4 is asked for while page 3 is awaited
    finhub.gates[4] = asyncio.Event()  # and would hang for good
    try:
        async with open_client(finhub_server=finhub_server) as client:
            pages = client.work_orders.list(page_size=100).iter_pages()
            await anext(pages)
            await anext(pages)
            third = asyncio.ensure_future(anext(pages))
            await asyncio.wait_for(finhub.page_requested(4).wait(), timeout=5)
            finhub.gates[3].set()
            with pytest.raises(APIResponseValidationError, match="page 3 repeats page 2"):
                await third
            for _ in range(3):
                await asyncio.sleep(0)
            assert _prefetch_tasks() == []  # `pages` is still referenced: no __del__ helped
    finally:
        finhub.gates[4].set()


async def test_a_walk_that_never_reaches_its_total_stops_at_the_page_limit(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    def dribble(num: int, size: int) -> dict[str, Any]:
        first = [work_order(n) for n in range(size)]
        return {"total": 1_000, "records": first if num == 1 else [work_order(10_000 + num)]}

    finhub.page_hook = dribble
    async with open_client(finhub_server=finhub_server) as client:
        with pytest.raises(APIResponseValidationError, match="12 pages read"):
            async for _ in client.work_orders.list(page_size=100):
                pass
    assert len(finhub.pages) == 12  # ceil(1000 / 100) + 2 of slack


async def test_an_empty_page_ends_the_walk_below_an_inflated_total(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(150)]
    finhub.reported_total = 10_000
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=100)]
    assert len(seen) == 150
    # the empty page 3 ends the walk; page 4, asked for ahead by the inflated total, is dropped
    assert [num for num, _ in finhub.pages][:3] == [1, 2, 3]
    assert len(finhub.pages) <= 4


async def test_the_walk_ends_at_the_total_of_the_first_page(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    orders = [work_order(n) for n in range(250)]

    def growing(num: int, size: int) -> dict[str, Any]:
        page = {"total": len(orders), "records": orders[(num - 1) * size : num * size]}
        orders.extend(work_order(1_000 + len(orders) + n) for n in range(100))
        return page

    finhub.page_hook = growing
    async with open_client(finhub_server=finhub_server) as client:
        seen = [r async for r in client.work_orders.list(page_size=100, prefetch=False)]
    # no page is asked for once 250 records were seen; the last page is yielded whole
    assert _numbers(seen)[:250] == list(range(250))
    assert len(seen) == 300
    assert len(finhub.pages) == 3


async def test_prefetch_runs_one_page_ahead_of_the_caller(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(500)]
    async with open_client(finhub_server=finhub_server) as client:
        pages = client.work_orders.list(page_size=100).iter_pages()
        first = await anext(pages)
        assert first.page_num == 1
        # page 2 is asked for while the caller still holds page 1 ...
        await asyncio.wait_for(finhub.page_requested(2).wait(), timeout=5)
        await asyncio.sleep(0.05)
        # ... but page 3 only once the caller moves on to page 2
        assert 3 not in finhub.requested
        second = await anext(pages)
        assert second.page_num == 2
        await asyncio.wait_for(finhub.page_requested(3).wait(), timeout=5)
        rest = [page.page_num async for page in pages]
    assert rest == [3, 4, 5]
    assert sorted(num for num, _ in finhub.pages) == [1, 2, 3, 4, 5]  # nothing past the total
    assert finhub.max_in_flight <= 2


async def test_waiting_for_a_slow_page_asks_for_the_next_one_too(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(300)]
    finhub.gates[2] = asyncio.Event()  # page 2 answers only when the test says so
    async with open_client(finhub_server=finhub_server) as client:
        pages = client.work_orders.list(page_size=100).iter_pages()
        await anext(pages)
        second = asyncio.ensure_future(anext(pages))
        # while the caller waits for page 2, page 3 is already on its way
        await asyncio.wait_for(finhub.page_requested(3).wait(), timeout=5)
        assert finhub.max_in_flight == 2
        finhub.gates[2].set()
        assert (await second).page_num == 2
        rest = [page.page_num async for page in pages]
    assert rest == [3]
    assert sorted(num for num, _ in finhub.pages) == [1, 2, 3]


async def test_prefetch_overlaps_the_callers_work(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(1_000)]
    async with open_client(finhub_server=finhub_server) as client:
        async for page in client.work_orders.list(page_size=100).iter_pages():
            if page.page_num < 10:
                # the caller is still working on this page when the next one is asked for:
                # proven by order of events, not by a wall-clock bound a loaded machine breaks
                await asyncio.wait_for(finhub.page_requested(page.page_num + 1).wait(), 5)
    assert [num for num, _ in finhub.pages] == list(range(1, 11))


async def test_prefetch_off_asks_for_nothing_ahead(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(300)]
    async with open_client(finhub_server=finhub_server) as client:
        pages = client.work_orders.list(page_size=100, prefetch=False).iter_pages()
        await anext(pages)
        await asyncio.sleep(0.05)
        assert [num for num, _ in finhub.pages] == [1]


async def test_at_most_two_pages_of_records_are_alive(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(10_000)]
    peak = 0
    gc.collect()  # records an earlier test left in unreachable cycles must not count
    async with open_client(finhub_server=finhub_server) as client:
        count = 0
        async for _ in client.work_orders.list(page_size=100):
            count += 1
            if count % 1_000 == 50:
                await asyncio.sleep(0.01)  # let the prefetch land
                alive = sum(1 for o in gc.get_objects() if type(o) is WorkOrderRecord)
                peak = max(peak, alive)
    assert count == 10_000
    # the page being read, the one fetched ahead, and one more while the caller waits
    assert 100 < peak <= 300


async def test_break_cancels_the_prefetch(finhub: FakeFinHub, finhub_server: TestServer) -> None:
    finhub.orders = [work_order(n) for n in range(500)]
    finhub.gates[2] = asyncio.Event()  # page 2 hangs until the test ends
    try:
        async with open_client(finhub_server=finhub_server) as client:
            async for _ in client.work_orders.list(page_size=100):
                await asyncio.wait_for(finhub.page_requested(2).wait(), timeout=5)
                break
            for _ in range(3):
                await asyncio.sleep(0)
            assert _prefetch_tasks() == []
    finally:
        finhub.gates[2].set()


async def test_aclose_and_async_with_cancel_the_prefetch(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(500)]
    finhub.gates[2] = asyncio.Event()
    try:
        async with open_client(finhub_server=finhub_server) as client:
            async with client.work_orders.list(page_size=100) as orders:
                pages = orders.iter_pages()
                await anext(pages)
                await asyncio.wait_for(finhub.page_requested(2).wait(), timeout=5)
                assert len(_prefetch_tasks()) == 1
            assert _prefetch_tasks() == []
            with pytest.raises(StopAsyncIteration):
                await anext(pages)  # a closed walk stays closed
    finally:
        finhub.gates[2].set()


async def test_a_failing_prefetch_raises_when_its_page_is_reached(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    orders = [work_order(n) for n in range(300)]

    def fail_on_two(num: int, size: int) -> dict[str, Any]:
        if num == 2:
            raise web.HTTPServiceUnavailable()
        return {"total": len(orders), "records": orders[(num - 1) * size : num * size]}

    finhub.page_hook = fail_on_two
    seen: list[WorkOrderRecord] = []

    async def walk(orders: AsyncPaginator[WorkOrderRecord]) -> None:
        async for record in orders:
            seen.append(record)

    async with open_client(finhub_server=finhub_server) as client:
        with pytest.raises(ServerError):
            await walk(client.work_orders.list(page_size=100))
    assert len(seen) == 100


async def test_awaiting_gives_the_first_page_only(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(35)]
    async with open_client(finhub_server=finhub_server) as client:
        page = await client.work_orders.list(page_size=10)
        await asyncio.sleep(0.02)
    assert (page.page_num, page.page_size, page.total, len(page.records)) == (1, 10, 35, 10)
    assert finhub.pages == [(1, 10)]


async def test_each_iteration_walks_from_the_start(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.orders = [work_order(n) for n in range(25)]
    async with open_client(finhub_server=finhub_server) as client:
        orders = client.work_orders.list(page_size=10, trade_status="success")
        assert len([r async for r in orders]) == 25
        assert len([r async for r in orders]) == 25


async def test_bad_filters_fail_before_any_request(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        orders = client.work_orders.list(trade_type="CARD_BLOCK", trade_status="done", page_size=0)
        with pytest.raises(ValidationError) as caught:
            await orders
    assert {(v.path, v.rule) for v in caught.value.violations} == {
        ("tradeType", "enum"),
        ("tradeStatus", "enum"),
        ("pageSize", "minimum"),
    }
    assert sum(finhub.calls.values()) == 0
