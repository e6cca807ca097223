"""Small dedicated FinHub and HyperCard servers for the layer tests, on loopback.

Each fake counts what it receives and can be told to misbehave (cap the page size, repeat a
page, hold an answer back), so the tests drive the public client over real HTTP and check
behaviour from the server's side.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from pytest_aiohttp import AiohttpServer

from fincard_async import Clock, FincardClient, FinHubConfig, HyperCardConfig, RetryPolicy

BASE = "/api/v2.1/fincard/virtual"
TEST_KEY = Path(__file__).parent.parent / "unit" / "vectors" / "test_key.pem"
LOGIN = {
    "success": True,
    "code": 200,
    "msg": "ok",
    "data": {"accessToken": "t", "tokenType": "Bearer", "expiresIn": 3600},
}


def finhub_ok(data: Any) -> web.Response:
    return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})


def work_order(number: int) -> dict[str, Any]:
    return {
        "merchantOrderNo": f"WO{number:020d}",
        "orderNo": f"P{number:08d}",
        "title": f"order {number}",
        "tradeType": "OTHER",
        "tradeStatus": "success",
        "createTime": 1_718_020_800_000 + number,
    }


@attrs.define
class FakeFinHub:
    """A FinHub server with work orders and reference data, and knobs to misbehave."""

    orders: list[dict[str, Any]] = attrs.field(factory=list)
    page_cap: int | None = None
    repeat_from: int | None = None  # pages >= this answer with page repeat_from - 1
    reported_total: int | None = None
    page_delay: float = 0.0
    page_hook: Callable[[int, int], dict[str, Any]] | None = None  # replaces the paging
    calls: Counter[str] = attrs.field(factory=Counter)
    pages: list[tuple[int, int]] = attrs.field(factory=list)
    requested: dict[int, asyncio.Event] = attrs.field(factory=dict)
    gates: dict[int, asyncio.Event] = attrs.field(factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    reference_delay: float = 0.0
    failing_region_calls: int = 0  # the next N region lists answer 503
    regions: list[dict[str, Any]] = attrs.field(
        factory=lambda: [
            {"code": "US", "standardCode": "USA", "name": "United States"},
            {"code": "GB", "standardCode": "GBR", "name": "United Kingdom"},
        ]
    )

    def page_requested(self, num: int) -> asyncio.Event:
        return self.requested.setdefault(num, asyncio.Event())

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/auth/login", self._login)
        app.router.add_post(f"{BASE}/work/list", self._work_list)
        app.router.add_post(f"{BASE}/work/submit", self._submit)
        app.router.add_post(f"{BASE}/common/region", self._regions)
        app.router.add_post(f"{BASE}/common/mobileAreaCode", self._mobile)
        app.router.add_post(f"{BASE}/common/v2/city", self._city_tree)
        return app

    async def _login(self, request: web.Request) -> web.Response:
        self.calls["login"] += 1
        return web.json_response(LOGIN)

    async def _submit(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls["submitWorkOrder"] += 1
        order = {**body, "orderNo": "P1", "tradeStatus": "wait_process", "createTime": 1}
        return finhub_ok(order)

    async def _work_list(self, request: web.Request) -> web.Response:
        body = await request.json()
        num, size = body.get("pageNum", 1), body.get("pageSize", 10)
        self.calls["listWorkOrders"] += 1
        self.pages.append((num, size))
        self.page_requested(num).set()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if num in self.gates:
                await self.gates[num].wait()
            if self.page_delay:
                await asyncio.sleep(self.page_delay)
            hook = self.page_hook or self._page
            return finhub_ok(hook(num, size))
        finally:
            self.in_flight -= 1

    def _page(self, num: int, size: int) -> dict[str, Any]:
        size = min(size, self.page_cap) if self.page_cap else size
        if self.repeat_from is not None and num >= self.repeat_from:
            num = self.repeat_from - 1
        start = (num - 1) * size
        total = len(self.orders) if self.reported_total is None else self.reported_total
        return {"total": total, "records": self.orders[start : start + size]}

    async def _regions(self, request: web.Request) -> web.Response:
        self.calls["listRegions"] += 1
        await asyncio.sleep(self.reference_delay)
        if self.failing_region_calls > 0:
            self.failing_region_calls -= 1
            raise web.HTTPServiceUnavailable()
        return finhub_ok(self.regions)

    async def _mobile(self, request: web.Request) -> web.Response:
        self.calls["listMobileAreaCodes"] += 1
        return finhub_ok(
            [
                {"code": "+44", "name": "United Kingdom", "areaCode": "GB"},
                {"code": "+1", "name": "United States", "areaCode": "US", "language": "en_US"},
                {"code": "+1", "name": "美国", "areaCode": "US", "language": "zh_CN"},
            ]
        )

    async def _city_tree(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls[f"listCityTree:{body.get('regionCode')}"] += 1
        return finhub_ok(CITY_TREE)


CITY_TREE = [
    {
        "code": "CA",
        "name": "California",
        "country": "US",
        "parentCode": "0",
        "children": [
            {"code": "LA", "name": "Los Angeles", "country": "US", "parentCode": "CA"},
            {"code": "SF", "name": "San Francisco", "country": "US", "parentCode": "?"},
        ],
    },
    {"code": "NV", "name": "Nevada", "country": "US", "parentCode": "0", "children": []},
]


@attrs.define
class FakeHyperCard:
    """A HyperCard server answering the card list and the application (no signature check)."""

    card_types: Sequence[Mapping[str, Any]] = ()
    calls: Counter[str] = attrs.field(factory=Counter)
    list_delay: float = 0.0
    list_fails: bool = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v5/openapi/card/list", self._list)
        app.router.add_post("/v4/openapi/card/apply", self._apply)
        return app

    async def _list(self, request: web.Request) -> web.Response:
        self.calls["listCardTypes"] += 1
        await asyncio.sleep(self.list_delay)
        if self.list_fails:
            raise web.HTTPServiceUnavailable()
        return web.json_response({"code": "00000", "msg": "ok", "data": [*self.card_types]})

    async def _apply(self, request: web.Request) -> web.Response:
        self.calls["applyCard"] += 1
        return web.json_response({"code": "00000", "msg": "ok", "data": {"status": "processing"}})


@attrs.define
class FakeClock:
    """A monotonic clock the test moves by hand."""

    now: float = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def finhub() -> FakeFinHub:
    return FakeFinHub()


@pytest.fixture
async def finhub_server(aiohttp_server: AiohttpServer, finhub: FakeFinHub) -> TestServer:
    return await aiohttp_server(finhub.app())


@pytest.fixture
def hypercard() -> FakeHyperCard:
    return FakeHyperCard()


@pytest.fixture
async def hypercard_server(aiohttp_server: AiohttpServer, hypercard: FakeHyperCard) -> TestServer:
    return await aiohttp_server(hypercard.app())


@contextlib.asynccontextmanager
async def open_client(
    *,
    finhub_server: TestServer | None = None,
    hypercard_server: TestServer | None = None,
    clock: FakeClock | None = None,
    address_patterns: Mapping[str, str] | None = None,
) -> AsyncIterator[FincardClient]:
    """The public client pointed at the fakes (no retries: failures show at once)."""
    finhub = hypercard = None
    if finhub_server is not None:
        finhub = FinHubConfig(
            base_url=str(finhub_server.make_url("")),
            email="ops@example.com",
            password="pw",
            tenant_id="tenant-1",
        )
    if hypercard_server is not None:
        hypercard = HyperCardConfig(
            base_url=str(hypercard_server.make_url("")),
            api_key="merchant-1",
            private_key=TEST_KEY,
            address_patterns=address_patterns or {},
        )
    async with FincardClient(
        finhub=finhub,
        hypercard=hypercard,
        retry=RetryPolicy.disabled(),
        clock=Clock(monotonic=clock.monotonic) if clock else None,
    ) as client:
        yield client
