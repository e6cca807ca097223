"""Large answers are structured with the cyclic collector paused, invisibly to the caller.

The collector is observed from the outside through ``gc.callbacks``: a collection that starts
while cattrs builds the models would show a cattrs ``structure`` frame on the stack of the
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

from fincard_async import APIResponseValidationError, FincardClient

from .conftest import FakeApi, ok

CITY_TREE = "/api/v2.1/fincard/virtual/common/v2/city"


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
        if code.co_name == "structure" and "cattrs" in code.co_filename:
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
