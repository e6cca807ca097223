"""Drives one public call per answer shape against the hostile server, for the fuzz runs."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import sample_applications as samples

from fincard_async import (
    FincardClient,
    FincardError,
    FinHubConfig,
    HyperCardConfig,
    RetryPolicy,
    Timeout,
)

from ._server import LOGIN, HostileServer, json_answer

__all__ = ["FuzzTarget", "Outcome"]

KEY = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

Call = Callable[[FincardClient], Awaitable[Any]]
CALLS: dict[str, Call] = {
    "login": lambda c: c.reference_data.list_regions(),
    "listRegions": lambda c: c.reference_data.list_regions(),
    "listCities": lambda c: c.reference_data.list_cities(region_code="US"),
    "listCityTree": lambda c: c.reference_data.list_city_tree(),
    "listMobileAreaCodes": lambda c: c.reference_data.list_mobile_area_codes(),
    "uploadFile": lambda c: c.files.upload(JPEG, file_name="a.jpg"),
    "submitWorkOrder": lambda c: c.work_orders.submit(
        title="t", target="4111111111111111", trade_type="CARD_ACTIVE"
    ),
    "listWorkOrders": lambda c: _first_page(c),
    "listCardTypes": lambda c: c.cards.list_card_types(),
    "applyCard": lambda c: c.cards.apply(
        base_info=samples.base_info(),
        kyc_info=samples.kyc_info(),
        validate_with_card_type=False,
    ),
}


async def _first_page(client: FincardClient) -> Any:
    return await client.work_orders.list(prefetch=False)


@attrs.frozen
class Outcome:
    """What one answer cost and how it ended."""

    cpu: float
    error: str | None  # the class name of an untyped exception, None when typed or a result


@attrs.define
class FuzzTarget:
    """A hostile server, and clients (no retries) pointed at it; start and close in one loop."""

    server: HostileServer = attrs.field(factory=HostileServer)
    session: aiohttp.ClientSession | None = None
    client: FincardClient | None = None

    async def start(self) -> FuzzTarget:
        await self.server.start()
        self.session = aiohttp.ClientSession()
        self.client = self._client()
        return self

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        if self.session is not None:
            await self.session.close()
        await self.server.close()

    def _client(self) -> FincardClient:
        url = self.server.url
        return FincardClient(
            finhub=FinHubConfig(base_url=url, email="a@b.c", password="pw", tenant_id="T"),
            hypercard=HyperCardConfig(base_url=url, api_key="M", private_key=KEY),
            retry=RetryPolicy.disabled(),
            timeout=Timeout(connect=2, read=2, total=2, deadline=2),
            session=self.session,
        )

    async def one(self, shape: str, body: bytes) -> Outcome:
        """Answer the shape's call with ``body``; time it in CPU seconds."""
        client = self.client
        assert client is not None
        if shape == "login":
            self.server.login = body
            # forget the token, so every body meets a login (a fresh client would measure
            # its own first-use set-up, not the answer)
            assert client._core.tokens is not None
            client._core.tokens._token = None
        else:
            self.server.login = LOGIN
        self.server.answer = json_answer(body)
        started = time.process_time()
        error: str | None = None
        try:
            await CALLS[shape](client)
        except FincardError:
            pass
        except Exception as exc:
            error = type(exc).__name__
        return Outcome(cpu=time.process_time() - started, error=error)
