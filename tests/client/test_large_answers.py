"""Large answers are structured with the cyclic collector paused, invisibly to the caller.

The collector is observed from the outside through ``gc.callbacks``: a collection that starts
while the models are built would show the ``structure_answer`` frame on the stack of the
thread that triggered it.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiohttp import web

from fincard_async import AnswerTooLargeError, APIResponseValidationError, FincardClient
from fincard_async.models import TradeStatus, is_known_member

from .conftest import FakeApi, ok, work_order

CITY_TREE = "/api/v2.1/fincard/virtual/common/v2/city"
WORK_LIST = "/api/v2.1/fincard/virtual/work/list"


def city_tree(states: int, cities: int, *, broken: bool = False) -> list[dict[str, Any]]:
    def node(code: str, parent: str) -> dict[str, Any]:
        return {"code": code, "name": f"Place {code}", "country": "SG", "parentCode": parent}

    tree = [
        {**node(f"S{s}", "0"), "children": [node(f"S{s}-C{c}", f"S{s}") for c in range(cities)]}
        for s in range(states)
    ]
    if broken:
        tree[-1]["children"][-1]["children"] = "not a list"
    return tree


def answer_with(tree: list[dict[str, Any]]) -> Callable[..., Any]:
    async def handler(request: web.Request, body: bytes) -> web.Response:
        return ok(tree)

    return handler


def _structuring() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "structure_answer" and code.co_filename.endswith("_conversion.py"):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@contextlib.contextmanager
def collections_while_structuring() -> Iterator[list[int]]:
    seen: list[int] = []  # the generation of every collection that ran inside structuring

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and _structuring():
            seen.append(info["generation"])

    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


@pytest.mark.usefixtures("collector_enabled")
async def test_a_large_answer_is_structured_without_collections(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(CITY_TREE, answer_with(city_tree(1, 1)), answer_with(city_tree(200, 24)))
    await client.reference_data.list_city_tree()  # logs in: small answers are not paused
    with collections_while_structuring() as collections:
        nodes = await client.reference_data.list_city_tree()
    assert len(nodes) == 200
    assert [len(n.children or []) for n in nodes] == [24] * 200
    assert nodes[7].children is not None
    assert nodes[7].children[3].code == "S7-C3"
    assert collections == []  # 5,000 models built, no collection paid
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
async def test_the_collector_is_back_on_after_a_large_answer_that_does_not_fit(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(CITY_TREE, answer_with(city_tree(200, 24, broken=True)))
    with pytest.raises(APIResponseValidationError, match="children"):
        await client.reference_data.list_city_tree()
    assert gc.isenabled()


async def test_a_collector_the_application_disabled_stays_disabled(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(CITY_TREE, answer_with(city_tree(200, 24)))
    was = gc.isenabled()
    gc.disable()
    try:
        assert len(await client.reference_data.list_city_tree()) == 200
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


# -- the depth limit, checked while the models are built ------------------------------------
# The default limit is 32 levels of objects and arrays. In the city tree answer the envelope is
# level 1, ``data`` 2, a province 3, its ``children`` 4 and a city 5.


def nested(levels: int) -> Any:
    """A JSON value spanning ``levels`` levels of objects and arrays."""
    value: Any = "bottom"
    for level in range(levels):
        value = {"deeper": value} if level % 2 else [value]
    return value


@pytest.mark.parametrize(
    ("where", "levels_left"),
    [
        ("envelope", 31),  # an unknown key of the envelope (level 1): its value starts at 2
        ("province", 29),  # an unknown key of the last province (level 3)
        ("city", 27),  # an unknown key of the last city (level 5)
    ],
)
@pytest.mark.usefixtures("collector_enabled")
async def test_an_unknown_key_nested_to_the_limit_parses_and_one_level_more_is_refused(
    client: FincardClient, api: FakeApi, where: str, levels_left: int
) -> None:
    def answer(levels: int) -> Callable[..., Any]:
        tree = city_tree(200, 24)
        holder = {"province": tree[-1], "city": tree[-1]["children"][-1]}.get(where)
        if holder is not None:
            holder["extra"] = nested(levels)

        async def handler(request: web.Request, body: bytes) -> web.Response:
            envelope = {"success": True, "code": 200, "msg": "ok", "data": tree}
            if where == "envelope":
                envelope["extra"] = nested(levels)
            return web.json_response(envelope)

        return handler

    api.script(CITY_TREE, answer(levels_left), answer(levels_left + 1))
    assert len(await client.reference_data.list_city_tree()) == 200
    with pytest.raises(AnswerTooLargeError) as info:
        await client.reference_data.list_city_tree()
    assert (info.value.limit, info.value.limit_value) == ("max_depth", 32)
    assert info.value.status_code == 200
    assert len(api.requests(CITY_TREE)) == 2  # refused, never asked again
    assert gc.isenabled()


async def test_a_tree_nested_to_the_limit_parses_and_one_level_more_is_refused(
    client: FincardClient, api: FakeApi
) -> None:
    def chain(nodes: int) -> list[dict[str, Any]]:
        node: dict[str, Any] = {"code": "X", "name": "n", "country": "SG", "parentCode": "0"}
        for _ in range(nodes - 1):
            node = {**node, "children": [node]}
        return [node]

    # node k (from 1) sits at level 2k + 1: node 15 at 31, its empty children list at 32
    at_limit = chain(15)
    leaf = at_limit[0]
    while "children" in leaf:
        leaf = leaf["children"][0]
    leaf["children"] = []
    # node 16 at level 33: an object with no array below it, one level too deep
    api.script(CITY_TREE, answer_with(at_limit), answer_with(chain(16)))
    (root,) = await client.reference_data.list_city_tree()
    assert root.code == "X"
    with pytest.raises(AnswerTooLargeError, match="max_depth"):
        await client.reference_data.list_city_tree()


@pytest.mark.usefixtures("collector_enabled")
async def test_unknown_fields_nulls_and_unknown_enum_values_in_a_large_answer_still_parse(
    client: FincardClient, api: FakeApi
) -> None:
    odd = {"note": "new", "audit": {"by": ["ops", {"at": 1}]}, "remark": None, "content": None}
    records = [work_order(orderNo=f"WO{i}", **odd) for i in range(999)]
    records.append(work_order(orderNo="WO999", tradeStatus="escalated", tradeType="CARD_FREEZE"))

    async def page(request: web.Request, body: bytes) -> web.Response:
        return ok({"total": len(records), "records": records, "cursor": {"next": None}})

    api.script(WORK_LIST, page)
    with collections_while_structuring() as collections:
        first = await client.work_orders.list(page_size=1000)
    assert len(first.records) == 1000
    assert first.records[0].order_no == "WO0"
    assert first.records[0].remark is None
    assert first.records[999].trade_status == "escalated"
    assert not is_known_member(first.records[999].trade_status)
    assert first.records[999].trade_type == "CARD_FREEZE"
    assert first.records[5].trade_status is TradeStatus.WAIT_PROCESS
    assert collections == []  # over the pause threshold: 1,000 models, no collection paid
    assert gc.isenabled()


@pytest.mark.parametrize("position", [0, 500, 999])
@pytest.mark.usefixtures("collector_enabled")
async def test_a_record_with_nulls_still_has_its_unknown_key_depth_checked(
    client: FincardClient, api: FakeApi, position: int
) -> None:
    # a page is level 1 (envelope) to 4 (a record): an unknown key's value starts at level 5.
    # Nulls count as keys read, so the one unknown key left must still be walked for depth.
    def answer(levels: int) -> Callable[..., Any]:
        required = ("merchantOrderNo", "orderNo", "tradeType", "tradeStatus", "createTime")
        lean = {key: work_order()[key] for key in required}
        records = [{**lean, "orderNo": f"WO{i}", "remark": None} for i in range(1000)]
        records[position]["audit"] = nested(levels)  # the one key of seven nothing reads

        async def page(request: web.Request, body: bytes) -> web.Response:
            return ok({"total": len(records), "records": records})

        return page

    api.script(WORK_LIST, answer(28), answer(29))
    first = await client.work_orders.list(page_size=1000)
    assert [r.order_no for r in first.records[position : position + 1]] == [f"WO{position}"]
    assert first.records[position].remark is None
    with pytest.raises(AnswerTooLargeError) as info:
        await client.work_orders.list(page_size=1000)
    assert (info.value.limit, info.value.limit_value) == ("max_depth", 32)
    assert gc.isenabled()
