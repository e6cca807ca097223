"""FinHub login: token reuse, refresh ahead of expiry, one login in flight, 401 replay."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiohttp import web

from fincard_async import AuthenticationError, FincardClient, FinHubConfig

from .conftest import PASSWORD, FakeApi, FakeClock

REGION = "/api/v2.1/fincard/virtual/common/region"


async def test_token_is_reused_across_calls(client: FincardClient, api: FakeApi) -> None:
    await client.reference_data.list_regions()
    await client.reference_data.list_regions()
    assert api.logins == 1
    tokens = {r.headers["Authorization"] for r in api.requests(REGION)}
    assert tokens == {"Bearer tok-SECRET-1"}


async def test_token_refreshed_before_expiry(
    client: FincardClient, api: FakeApi, fake_clock: FakeClock
) -> None:
    await client.reference_data.list_regions()
    fake_clock.now += 3600 - 60 - 1  # just inside the 60 s margin: still the old token
    await client.reference_data.list_regions()
    assert api.logins == 1
    fake_clock.now += 2  # within the margin now: a new login before the server would refuse
    await client.reference_data.list_regions()
    assert api.logins == 2
    assert api.requests(REGION)[-1].headers["Authorization"] == "Bearer tok-SECRET-2"


async def test_one_login_for_200_concurrent_calls_with_expired_token(
    client: FincardClient, api: FakeApi, fake_clock: FakeClock
) -> None:
    await client.reference_data.list_regions()
    fake_clock.now += 7200  # the cached token is long expired
    await asyncio.gather(*(client.reference_data.list_regions() for _ in range(200)))
    assert api.logins == 2
    assert len(api.requests(REGION)) == 201


async def test_401_logs_in_again_and_replays_once(client: FincardClient, api: FakeApi) -> None:
    await client.reference_data.list_regions()
    api.valid_tokens.clear()  # the server revoked the token early
    regions = await client.reference_data.list_regions()
    assert regions[0].code == "US"
    assert api.logins == 2


async def test_second_401_is_an_authentication_error(client: FincardClient, api: FakeApi) -> None:
    async def refuse(request: web.Request, body: bytes) -> web.Response:
        return web.json_response(
            {"success": False, "code": 401, "msg": "no", "data": None}, status=401
        )

    api.script(REGION, refuse, refuse, refuse)
    with pytest.raises(AuthenticationError) as caught:
        await client.reference_data.list_regions()
    assert caught.value.status_code == 401
    assert caught.value.operation == "listRegions"
    assert len(api.requests(REGION)) == 2  # one replay, then it stops
    assert api.logins == 2


async def test_bad_password_is_typed_and_never_echoed(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi
) -> None:
    base = str(server.make_url("")).rstrip("/")  # type: ignore[attr-defined]
    finhub = FinHubConfig(base_url=base, email="a@b.c", password="WRONG-pw-777", tenant_id="T1")
    async with make_client(finhub=finhub) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.reference_data.list_regions()
    text = str(caught.value) + repr(caught.value) + repr(finhub)
    assert "WRONG-pw-777" not in text
    # the caller's own error, naming its own call; the shared login failure is the cause
    assert caught.value.operation == "listRegions"
    assert isinstance(caught.value.__cause__, AuthenticationError)
    assert caught.value.__cause__.operation == "login"
    assert api.requests(REGION) == []


async def test_bare_login_answer_is_accepted(client: FincardClient, api: FakeApi) -> None:
    async def bare(request: web.Request, body: bytes) -> web.Response:
        api.valid_tokens.add("bare-token")
        return web.json_response(
            {"accessToken": "bare-token", "tokenType": "Bearer", "expiresIn": 3600}
        )

    api.script("/api/auth/login", bare)
    await client.reference_data.list_regions()
    assert api.requests(REGION)[0].headers["Authorization"] == "Bearer bare-token"


async def test_failed_login_is_shared_then_retried_fresh(
    client: FincardClient, api: FakeApi
) -> None:
    async def broken(request: web.Request, body: bytes) -> web.Response:
        return web.json_response({"success": False, "code": -1, "msg": "locked", "data": None})

    api.script("/api/auth/login", broken)
    results = await asyncio.gather(
        *(client.reference_data.list_regions() for _ in range(20)), return_exceptions=True
    )
    assert all(isinstance(r, AuthenticationError) for r in results)
    assert len(api.requests("/api/auth/login")) == 1  # one failed login for all twenty
    await client.reference_data.list_regions()  # the next call logs in afresh
    assert api.logins == 1
    assert PASSWORD not in "".join(str(r) for r in results)
