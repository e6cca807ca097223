"""The contenders: the same operations through raw aiohttp, aiohttp + orjson, the stock
generated client and fincard-async.

Every contender does the same work per operation: send the request with the FinHub context
headers (or the HyperCard headers), read the answer, check the envelope, and return the data
(plain dicts for the raw contenders, typed models for the others). Only fincard-async signs
HyperCard requests: the raw contenders and the stock client send fixed signing headers, since
the stock generator has no signing hook. That cost is part of what is measured; one more raw
contender signs with the SDK's own pure signing functions, to tell signing from overhead.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import types
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol, Self

import aiohttp
import orjson

from fincard_async import Clock, FincardClient, FinHubConfig, HyperCardConfig
from fincard_async._signing import load_private_key, sign_request, signing_headers

from . import _server

__all__ = [
    "AIOHTTP_JSON",
    "AIOHTTP_JSON_SIGNED",
    "AIOHTTP_ORJSON",
    "SDK",
    "SDK_2048",
    "SDK_SIGN_INLINE",
    "SDK_SIGN_THREADS",
    "STOCK",
    "Contender",
    "Endpoints",
    "RawContender",
    "SdkContender",
    "StockContender",
    "fresh",
    "sdk_work_orders",
]

AIOHTTP_JSON = "raw aiohttp + json"
AIOHTTP_ORJSON = "aiohttp + orjson"
AIOHTTP_JSON_SIGNED = "raw aiohttp + json, signing like the SDK"
STOCK = "stock openapi-python-client (httpx)"
SDK = "fincard-async"
SDK_2048 = "fincard-async (2048-bit key)"
SDK_SIGN_THREADS = "fincard-async, signing threads (default)"
SDK_SIGN_INLINE = "fincard-async, signing inline (sign_in_threads=False)"

EMAIL = "bench@example.com"
PASSWORD = "bench-password"
TENANT_ID = "bench-tenant"
API_KEY = "bench-merchant"
FINHUB_CONTEXT = {
    "X-Tenant-ID": TENANT_ID,
    "X-Forwarded-For": "127.0.0.1",
    "X-Forwarded-From": "fincard-bench",
    "platform": "web",
    "deviceId": "server",
}
# What an unsigned client sends: the stock generator cannot compute a signature.
UNSIGNED_HYPERCARD = {
    "api-key": API_KEY,
    "version": "1.0",
    "timestamp": "1718020800",
    "nonce": "AbCdEf0123",
    "signature": "unsigned",
}


def _last_page(total: int, page_size: int) -> int:
    return -(-total // page_size) + 1  # one spare page, as a guard, never a loop


class Endpoints(Protocol):
    """Where a contender sends its calls."""

    @property
    def finhub_url(self) -> str: ...

    @property
    def hypercard_url(self) -> str: ...


class Contender(Protocol):
    """One way of making the bench's calls. Use inside ``async with``."""

    name: str

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None: ...

    async def tiny_hypercard(self) -> object:
        """List card types: a signed HyperCard call with a one-item answer."""

    async def tiny_finhub(self) -> object:
        """List one country's cities: a bearer FinHub call with a one-item answer."""

    async def regions(self) -> object:
        """The country list."""

    async def city_tree(self) -> object:
        """The whole city tree."""

    async def walk(self, page_size: int) -> int:
        """Read every work order, ``page_size`` per page; return how many were seen."""


class _Base:
    """Shared ``async with`` plumbing: an exit stack closed on exit."""

    name = ""

    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self._stack = contextlib.AsyncExitStack()

    async def __aenter__(self) -> Self:
        await self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self._stack.aclose()

    async def _open(self) -> None:
        raise NotImplementedError


class RawContender(_Base):
    """aiohttp with hand-written requests, answers as plain dicts."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        name: str,
        dumps: Callable[[Any], bytes],
        loads: Callable[[bytes], Any],
        private_key: str | None = None,
    ) -> None:
        super().__init__(endpoints)
        self.name = name
        self._dumps = dumps
        self._loads = loads
        self._key = load_private_key(private_key) if private_key is not None else None
        self._session: aiohttp.ClientSession | None = None
        self._finhub_headers: dict[str, str] = {}
        self._hypercard_headers = {**UNSIGNED_HYPERCARD, "Content-Type": "application/json"}
        f, h = endpoints.finhub_url, endpoints.hypercard_url
        self._urls = {
            "login": f + _server.LOGIN,
            "cities": f + _server.CITIES,
            "regions": f + _server.REGIONS,
            "tree": f + _server.CITY_TREE,
            "work": f + _server.WORK_LIST,
            "cards": h + _server.CARD_TYPES,
        }

    @classmethod
    def stdlib_json(cls, endpoints: Endpoints) -> RawContender:
        """aiohttp with ``json.dumps``/``json.loads``."""
        return cls(
            endpoints,
            name=AIOHTTP_JSON,
            dumps=lambda value: json.dumps(value).encode(),
            loads=json.loads,
        )

    @classmethod
    def stdlib_json_signed(cls, endpoints: Endpoints, private_key: str) -> RawContender:
        """aiohttp with the stdlib json, signing each HyperCard request as the SDK does."""
        return cls(
            endpoints,
            name=AIOHTTP_JSON_SIGNED,
            dumps=lambda value: json.dumps(value).encode(),
            loads=json.loads,
            private_key=private_key,
        )

    @classmethod
    def orjson(cls, endpoints: Endpoints) -> RawContender:
        """aiohttp with orjson."""
        return cls(endpoints, name=AIOHTTP_ORJSON, dumps=orjson.dumps, loads=orjson.loads)

    async def _open(self) -> None:
        self._session = await self._stack.enter_async_context(aiohttp.ClientSession())
        headers = {**FINHUB_CONTEXT, "Content-Type": "application/json"}
        login = {"email": EMAIL, "password": PASSWORD, "tenantId": TENANT_ID}
        token = (await self._finhub("login", login, headers))["accessToken"]
        self._finhub_headers = {**headers, "Authorization": f"Bearer {token}"}

    async def _post(self, url: str, body: Any, headers: dict[str, str]) -> Any:
        assert self._session is not None
        data = self._dumps(body)
        if self._key is not None and headers is self._hypercard_headers:
            signed = signing_headers(api_key=API_KEY)
            signed["signature"] = sign_request(headers=signed, body=data, private_key=self._key)
            headers = {**headers, **signed}
        async with self._session.post(url, data=data, headers=headers) as resp:
            content = await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"{url}: HTTP {resp.status}")
        return self._loads(content)

    async def _finhub(self, what: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        payload = await self._post(self._urls[what], body, headers or self._finhub_headers)
        if payload.get("success") is not True or payload.get("code") != 200:
            raise RuntimeError(f"{what}: FinHub error {payload.get('code')}")
        return payload["data"]

    async def tiny_hypercard(self) -> object:
        payload = await self._post(self._urls["cards"], {}, self._hypercard_headers)
        if payload.get("code") != "00000":
            raise RuntimeError(f"card types: HyperCard error {payload.get('code')}")
        return payload["data"]

    async def tiny_finhub(self) -> object:
        return await self._finhub("cities", {"regionCode": "SG"})

    async def regions(self) -> object:
        return await self._finhub("regions", {})

    async def city_tree(self) -> object:
        return await self._finhub("tree", {})

    async def walk(self, page_size: int) -> int:
        seen, page_num, last_page = 0, 1, 1
        while page_num <= last_page:  # bounded by the first page's total
            data = await self._finhub("work", {"pageNum": page_num, "pageSize": page_size})
            records = data["records"]
            for _ in records:
                seen += 1
            if not records or seen >= data["total"]:
                break
            last_page = _last_page(data["total"], page_size) if page_num == 1 else last_page
            page_num += 1
        return seen


class StockContender(_Base):
    """The client openapi-python-client generates with its own templates (httpx, stock
    defaults: 100 connections, 20 kept alive, 5 s timeout)."""

    name = STOCK

    def __init__(self, endpoints: Endpoints, package: types.ModuleType) -> None:
        super().__init__(endpoints)
        self._pkg = package.__name__
        self._finhub_client: Any = None
        self._hypercard_client: Any = None
        self._context: dict[str, Any] = {}

    def _module(self, name: str) -> Any:
        return importlib.import_module(f"{self._pkg}.{name}")

    async def _open(self) -> None:
        models = self._module("models")
        self._models = models
        self._context = {
            "x_tenant_id": TENANT_ID,
            "x_forwarded_for": "127.0.0.1",
            "x_forwarded_from": "fincard-bench",
            "platform": models.Platform("web"),
            "device_id": "server",
        }
        client_mod = self._module("client")
        anonymous = client_mod.Client(base_url=self.endpoints.finhub_url)
        async with anonymous:
            answer = await self._module("api.auth.login").asyncio(
                client=anonymous,
                body=models.LoginRequest(email=EMAIL, password=PASSWORD, tenant_id=TENANT_ID),
                **self._context,
            )
        token = answer.data.access_token
        self._finhub_client = await self._stack.enter_async_context(
            client_mod.AuthenticatedClient(
                base_url=self.endpoints.finhub_url, token=token, raise_on_unexpected_status=True
            )
        )
        # the stock way to send an API key header; the other signing headers are fixed
        unsigned = {k: v for k, v in UNSIGNED_HYPERCARD.items() if k != "api-key"}
        self._hypercard_client = await self._stack.enter_async_context(
            client_mod.AuthenticatedClient(
                base_url=self.endpoints.hypercard_url,
                token=API_KEY,
                prefix="",
                auth_header_name="api-key",
                headers=unsigned,
                raise_on_unexpected_status=True,
            )
        )
        self._ops = {
            name: self._module(f"api.{name}")
            for name in (
                "cards.list_card_types",
                "reference_data.list_cities",
                "reference_data.list_regions",
                "reference_data.list_city_tree",
                "work_orders.list_work_orders",
            )
        }

    async def _finhub(self, op: str, body: Any) -> Any:
        answer = await self._ops[op].asyncio(client=self._finhub_client, body=body, **self._context)
        if getattr(answer, "success", False) is not True or answer.code != 200:
            raise RuntimeError(f"{op}: FinHub error {getattr(answer, 'code', answer)!r}")
        return answer.data

    async def tiny_hypercard(self) -> object:
        answer = await self._ops["cards.list_card_types"].asyncio(
            client=self._hypercard_client,
            body=self._models.CardTypeListRequest(),
            version=self._models.HyperCardApiVersion("1.0"),
        )
        if getattr(answer, "code", None) != "00000":
            raise RuntimeError(f"card types: HyperCard error {answer!r}")
        return answer.data

    async def tiny_finhub(self) -> object:
        body = self._models.CityListRequest(region_code="SG")
        return await self._finhub("reference_data.list_cities", body)

    async def regions(self) -> object:
        return await self._finhub("reference_data.list_regions", self._models.RegionListRequest())

    async def city_tree(self) -> object:
        body = self._models.CityTreeRequest()
        return await self._finhub("reference_data.list_city_tree", body)

    async def walk(self, page_size: int) -> int:
        seen, page_num, last_page = 0, 1, 1
        while page_num <= last_page:  # bounded by the first page's total
            body = self._models.ListWorkOrdersRequest(page_num=page_num, page_size=page_size)
            data = await self._finhub("work_orders.list_work_orders", body)
            for _ in data.records:
                seen += 1
            if not data.records or seen >= data.total:
                break
            last_page = _last_page(data.total, page_size) if page_num == 1 else last_page
            page_num += 1
        return seen


def sdk_client(
    endpoints: Endpoints,
    private_key: str,
    *,
    sign_in_threads: bool | None = None,
    clock: Clock | None = None,
) -> FincardClient:
    """fincard-async with every default: auth, signing, retries, timeouts, typed models.

    ``sign_in_threads`` is the default (``None``) unless a scenario compares the two ways;
    ``clock`` is the real one unless a scenario moves time forward.
    """
    return FincardClient(
        finhub=FinHubConfig(
            base_url=endpoints.finhub_url,
            email=EMAIL,
            password=PASSWORD,
            tenant_id=TENANT_ID,
            forwarded_from="fincard-bench",
        ),
        hypercard=HyperCardConfig(
            base_url=endpoints.hypercard_url,
            api_key=API_KEY,
            private_key=private_key,
            sign_in_threads=sign_in_threads,
        ),
        clock=clock,
    )


def fresh(method: Callable[..., Any]) -> dict[str, Any]:
    """``refresh=True`` when the method caches, so every call goes over HTTP."""
    return {"refresh": True} if "refresh" in inspect.signature(method).parameters else {}


def sdk_work_orders(client: FincardClient, page_size: int) -> tuple[AsyncIterator[Any], str]:
    """Every work order through the SDK's paginator (prefetching), and how it was reached.

    Uses ``client.work_orders.list`` when it exists; until then an ``AsyncPaginator`` over
    the generated ``listWorkOrders`` operation, built the way the resource would build it.
    """
    lister = getattr(client.work_orders, "list", None)
    if lister is not None:
        paginator: AsyncIterator[Any] = aiter(lister(page_size=page_size))
        return paginator, "client.work_orders.list(page_size=...)"
    from fincard_async._generated.api.work_orders import list_work_orders
    from fincard_async._generated.models import ListWorkOrdersRequest
    from fincard_async._pagination import AsyncPaginator

    resource = client.work_orders

    async def fetch(page_num: int, size: int) -> tuple[list[Any], int]:
        answer = await list_work_orders.asyncio(
            transport=resource._transport(None),
            body=ListWorkOrdersRequest(page_num=page_num, page_size=size),
            **resource._finhub_headers(None),
        )
        if answer.data is None:
            raise RuntimeError("work order page without data")
        return answer.data.records, answer.data.total

    fallback: AsyncPaginator[Any] = AsyncPaginator(
        fetch, page_size=page_size, key=lambda r: r.order_no, operation="listWorkOrders"
    )
    return aiter(fallback), "AsyncPaginator over the generated listWorkOrders (no .list() yet)"


class SdkContender(_Base):
    """fincard-async with every default on."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        private_key: str,
        name: str = SDK,
        sign_in_threads: bool | None = None,
    ) -> None:
        super().__init__(endpoints)
        self.name = name
        self._private_key = private_key
        self._sign_in_threads = sign_in_threads
        self.client: FincardClient | None = None
        self.walk_via = ""

    async def _open(self) -> None:
        client = sdk_client(
            self.endpoints, self._private_key, sign_in_threads=self._sign_in_threads
        )
        self.client = await self._stack.enter_async_context(client)
        self._card_types = self.client.cards.list_card_types
        self._card_kwargs = fresh(self._card_types)
        reference = self.client.reference_data
        self._cities_kwargs = fresh(reference.list_cities)
        self._regions_kwargs = fresh(reference.list_regions)
        self._tree_kwargs = fresh(reference.list_city_tree)

    def _client(self) -> FincardClient:
        assert self.client is not None, "use the contender inside `async with`"
        return self.client

    async def tiny_hypercard(self) -> object:
        return await self._card_types(**self._card_kwargs)

    async def tiny_finhub(self) -> object:
        return await self._client().reference_data.list_cities(
            region_code="SG", **self._cities_kwargs
        )

    async def regions(self) -> object:
        return await self._client().reference_data.list_regions(**self._regions_kwargs)

    async def city_tree(self) -> object:
        return await self._client().reference_data.list_city_tree(**self._tree_kwargs)

    async def walk(self, page_size: int) -> int:
        records, self.walk_via = sdk_work_orders(self._client(), page_size)
        seen = 0
        async for _ in records:
            seen += 1
        return seen
