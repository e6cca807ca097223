"""Cached reference data through the public client: single flight, TTL, invalidation, helpers."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from aiohttp.test_utils import TestServer

from fincard_async import ServerError
from fincard_async._generated.models import CityNode
from fincard_async._reference_data import flatten_city_tree

from .conftest import FakeClock, FakeFinHub, open_client


async def test_a_hundred_concurrent_reads_make_one_call(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.reference_delay = 0.05
    async with open_client(finhub_server=finhub_server) as client:
        answers = await asyncio.gather(*(client.reference_data.regions() for _ in range(100)))
    assert finhub.calls["listRegions"] == 1
    assert all([r.code for r in answer] == ["US", "GB"] for answer in answers)
    assert len({id(answer) for answer in answers}) == 100  # each caller owns its list


async def test_entries_expire_after_the_ttl(finhub: FakeFinHub, finhub_server: TestServer) -> None:
    clock = FakeClock()
    async with open_client(finhub_server=finhub_server, clock=clock) as client:
        await client.reference_data.regions()
        clock.now += 3599
        await client.reference_data.regions()
        assert finhub.calls["listRegions"] == 1
        clock.now += 2
        await client.reference_data.regions()
        assert finhub.calls["listRegions"] == 2


async def test_invalidate_and_refresh_fetch_again(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        data = client.reference_data
        await data.regions()
        await data.mobile_area_codes()
        data.invalidate()
        await data.regions()
        await data.mobile_area_codes()
        await data.regions(refresh=True)
    assert finhub.calls["listRegions"] == 3
    assert finhub.calls["listMobileAreaCodes"] == 2


async def test_an_invalidate_during_a_load_keeps_its_result_out(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.reference_delay = 0.05
    async with open_client(finhub_server=finhub_server) as client:
        data = client.reference_data
        first = asyncio.create_task(data.regions())
        await asyncio.sleep(0.01)
        data.invalidate()
        assert len(await first) == 2  # the waiting caller still gets its answer
        await data.regions()
    assert finhub.calls["listRegions"] == 2


async def test_a_failed_load_is_not_cached(finhub: FakeFinHub, finhub_server: TestServer) -> None:
    finhub.failing_region_calls = 1
    async with open_client(finhub_server=finhub_server) as client:
        with pytest.raises(ServerError):
            await client.reference_data.regions()
        assert len(await client.reference_data.regions()) == 2
    assert finhub.calls["listRegions"] == 2


async def test_a_cancelled_reader_does_not_cancel_the_shared_load(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    finhub.reference_delay = 0.05
    async with open_client(finhub_server=finhub_server) as client:
        impatient = asyncio.create_task(client.reference_data.regions())
        patient = asyncio.create_task(client.reference_data.regions())
        await asyncio.sleep(0.01)
        impatient.cancel()
        assert len(await patient) == 2
        with pytest.raises(asyncio.CancelledError):
            await impatient
    assert finhub.calls["listRegions"] == 1


async def test_list_methods_always_ask_the_server(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        await client.reference_data.regions()
        await client.reference_data.list_regions()
        await client.reference_data.list_regions()
        await client.reference_data.regions()
    assert finhub.calls["listRegions"] == 3


async def test_entries_are_kept_per_argument(finhub: FakeFinHub, finhub_server: TestServer) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        data = client.reference_data
        await data.city_tree(region_code="US")
        await data.city_tree(region_code="GB")
        await data.city_tree(region_code="US")
        await data.city_tree()
    assert finhub.calls["listCityTree:US"] == 1
    assert finhub.calls["listCityTree:GB"] == 1
    assert finhub.calls["listCityTree:None"] == 1


async def test_region_and_mobile_code_lookups(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        data = client.reference_data
        us = await data.region("us")
        assert us is not None
        assert (us.code, us.standard_code) == ("US", "USA")
        assert await data.region("ZZ") is None
        assert await data.mobile_code("US") == "+1"
        assert await data.mobile_code("gb") == "+44"
        assert await data.mobile_code("FR") is None
    assert finhub.calls["listRegions"] == 1
    assert finhub.calls["listMobileAreaCodes"] == 1


async def test_the_city_tree_flattens_depth_first_with_parent_codes(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        tree = await client.reference_data.city_tree(region_code="US")
    flat = flatten_city_tree(tree)
    assert [(n.code, n.parent_code) for n in flat] == [
        ("CA", "0"),
        ("LA", "CA"),
        ("SF", "CA"),  # the server said "?": the tree's structure wins
        ("NV", "0"),
    ]
    assert all(n.children is None for n in flat)
    assert tree[0].children is not None  # the cached tree is left as it was


def test_flattening_a_deep_tree_needs_no_recursion() -> None:
    node = CityNode(code="0", name="n", country="US", parent_code="0")
    root = node
    for depth in range(1, 5_000):
        child = CityNode(code=str(depth), name="n", country="US", parent_code="")
        node.children = [child]
        node = child
    flat = flatten_city_tree([root])
    assert len(flat) == 5_000
    assert flat[-1].parent_code == "4998"


async def test_a_closed_client_that_made_calls_is_freed(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    # nothing module-level (the argument checks' caches, the pre-flight's) may hold a client
    async with open_client(finhub_server=finhub_server) as client:
        await client.reference_data.list_regions()
        await client.reference_data.regions()
    gone = weakref.ref(client)
    del client
    gc.collect()
    assert gone() is None
