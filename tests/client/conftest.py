"""A scriptable FinHub + HyperCard server on loopback, and clients pointed at it.

Each path answers from a queue of scripted answers (then from its default), and records every
request it saw, so tests assert on what really crossed the wire.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
import sample_applications
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincard_async import Clock, FincardClient, FinHubConfig, HyperCardConfig, RetryPolicy
from fincard_async._signing import (
    NestedWriter,
    canonical_string,
    compact_json,
    load_public_key,
    verify,
)
from fincard_async.models import CardApplyBaseInfo, CardApplyKycInfo

VECTORS = Path(__file__).parents[1] / "unit" / "vectors"
PRIVATE_KEY = (VECTORS / "test_key.pem").read_text()
PUBLIC_KEY = load_public_key((VECTORS / "test_key.pub.pem").read_bytes())
PASSWORD = "pw-Secret-4242"
TOKEN_PREFIX = "tok-SECRET-"

Handler = Callable[[web.Request, bytes], Awaitable[web.StreamResponse]]


def ok(data: Any) -> web.Response:
    return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})


def hc_ok(data: Any = None) -> web.Response:
    return web.json_response({"code": "00000", "msg": "ok", "data": data})


@attrs.define
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


@attrs.define
class FakeApi:
    """Scripted answers per path plus a record of every request."""

    scripts: dict[str, deque[Handler]] = attrs.field(factory=lambda: defaultdict(deque))
    seen: list[Seen] = attrs.field(factory=list)
    logins: int = 0
    valid_tokens: set[str] = attrs.field(factory=set)
    expires_in: int = 3600
    writer: NestedWriter = compact_json

    def script(self, path: str, *handlers: Handler) -> None:
        self.scripts[path].extend(handlers)

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(Seen(request.path, dict(request.headers), body))
        queue = self.scripts.get(request.path)
        if queue:
            return await queue.popleft()(request, body)
        return await self.default(request, body)

    async def default(self, request: web.Request, body: bytes) -> web.StreamResponse:
        if request.path == "/api/auth/login":
            return await self.login(body)
        if request.path.startswith("/api/"):
            return self.finhub(request)
        return self.hypercard(request, body)

    async def login(self, body: bytes) -> web.Response:
        creds = orjson.loads(body)
        if creds.get("password") != PASSWORD:
            return web.json_response(
                {"success": False, "code": 401, "msg": "bad credentials", "data": None}, status=401
            )
        await asyncio.sleep(0.01)  # widen the window in which concurrent callers pile up
        self.logins += 1
        token = f"{TOKEN_PREFIX}{self.logins}"
        self.valid_tokens.add(token)
        return ok({"accessToken": token, "tokenType": "Bearer", "expiresIn": self.expires_in})

    def finhub(self, request: web.Request) -> web.Response:
        auth = request.headers.get("Authorization", "")
        if auth.removeprefix("Bearer ") not in self.valid_tokens:
            return web.json_response(
                {"success": False, "code": 401, "msg": "token invalid", "data": None}, status=401
            )
        if request.path.endswith("/common/region"):
            return ok([{"code": "US", "standardCode": "USA", "name": "United States"}])
        if request.path.endswith("/work/submit"):
            return ok(work_order(orderNo="WO1"))
        return ok([])

    def hypercard(self, request: web.Request, body: bytes) -> web.Response:
        canonical = canonical_string(dict(request.headers), body, nested_writer=self.writer)
        if not verify(canonical, request.headers.get("signature", ""), PUBLIC_KEY):
            return web.json_response({"code": "A0001", "msg": "signature error"})
        if request.path.endswith("/card/list"):
            return hc_ok([{"card_type_id": "CT1", "apply_type": "1", "need_poa": 0}])
        return hc_ok({"status": "processing"})


def work_order(**overrides: Any) -> dict[str, Any]:
    order = {
        "merchantOrderNo": "M" * 26,
        "orderNo": "WO1",
        "title": "Activate",
        "target": "4111111111111111",
        "tradeType": "CARD_ACTIVE",
        "tradeStatus": "wait_process",
        "createTime": 1_700_000_000_000,
        "updateTime": 1_700_000_000_000,
    }
    order.update(overrides)
    return order


@attrs.define
class FakeClock:
    """Monotonic time that only moves when told to, and a sleep that records and advances it."""

    now: float = 1000.0
    sleeps: list[float] = attrs.field(factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> Clock:
        return Clock(monotonic=self.monotonic, sleep=self.sleep, random=lambda: 0.5)


@pytest.fixture
def api() -> FakeApi:
    return FakeApi()


@pytest.fixture
async def server(api: FakeApi) -> AsyncIterator[TestServer]:
    app = web.Application()
    app.router.add_route("POST", "/{tail:.*}", api.handle)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    yield test_server
    await test_server.close()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(server: TestServer, fake_clock: FakeClock) -> Callable[..., FincardClient]:
    base = str(server.make_url("")).rstrip("/")

    def build(**overrides: Any) -> FincardClient:
        kwargs: dict[str, Any] = {
            "finhub": FinHubConfig(
                base_url=base, email="ops@example.com", password=PASSWORD, tenant_id="T1"
            ),
            "hypercard": HyperCardConfig(base_url=base, api_key="M1", private_key=PRIVATE_KEY),
            "retry": RetryPolicy(max_retries=2),
            "clock": fake_clock.clock(),
        }
        kwargs.update(overrides)
        return FincardClient(**kwargs)

    return build


@pytest.fixture
async def client(make_client: Callable[..., FincardClient]) -> AsyncIterator[FincardClient]:
    async with make_client() as opened:
        yield opened


def base_info() -> CardApplyBaseInfo:
    # CT1 is the fake server's card type; a non-ASCII name exercises the signed bytes
    return sample_applications.base_info(card_type_id="CT1", first_name="Zoë")


def kyc_info() -> CardApplyKycInfo:
    return sample_applications.kyc_info()
