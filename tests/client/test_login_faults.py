"""Login under faults: one error per caller, no false "outcome unknown", deadlines, bad tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiohttp import web

from fincard_async import (
    APIError,
    APITimeoutError,
    AuthenticationError,
    Clock,
    ConnectionLimits,
    FincardClient,
    OutcomeUnknownError,
    RetryPolicy,
    ServerError,
    Timeout,
    ValidationError,
)

from .conftest import FakeApi, ok

LOGIN = "/api/auth/login"
SUBMIT = "/api/v2.1/fincard/virtual/work/submit"
REGION = "/api/v2.1/fincard/virtual/common/region"


async def _login_503(request: web.Request, body: bytes) -> web.Response:
    return web.json_response(
        {"success": False, "code": 500, "msg": "unavailable", "data": None}, status=503
    )


async def test_each_caller_of_a_failed_login_gets_its_own_error(
    client: FincardClient, api: FakeApi
) -> None:
    with pytest.raises(ValidationError):  # compiles the spec check, so all callers start at once
        await client.work_orders.submit(title="", target="4111", trade_type="OTHER")
    api.script(LOGIN, *[_login_503] * 3)  # the login's own retries all fail
    keys = [f"KEY{n:021d}" for n in range(30)]
    submits = [
        client.work_orders.submit(title="t", target="4111", trade_type="OTHER", merchant_order_no=k)
        for k in keys
    ]
    reads = [client.reference_data.list_regions() for _ in range(10)]
    results = await asyncio.gather(*submits, *reads, return_exceptions=True)

    assert all(isinstance(r, ServerError) for r in results)
    errors = [r for r in results if isinstance(r, APIError)]
    assert len({id(e) for e in errors}) == len(errors)  # one object per caller
    assert len({id(e.__cause__) for e in errors}) == 1  # chained to the one login failure
    assert [e.idempotency_key for e in errors[:30]] == keys  # each its own key
    assert all(e.idempotency_key is None and "order no" not in str(e) for e in errors[30:])
    assert {e.operation for e in errors} == {"submitWorkOrder", "listRegions"}
    assert not any(isinstance(e, OutcomeUnknownError) for e in errors)  # nothing was sent
    assert api.requests(SUBMIT) == []
    assert len(api.requests(LOGIN)) == 3


async def test_time_spent_waiting_for_the_login_counts_against_the_deadline(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async def slow_login(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(1.0)
        return ok({"accessToken": "tok-1", "tokenType": "Bearer", "expiresIn": 3600})

    async def stall(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(5)
        return ok([])

    api.valid_tokens.add("tok-1")
    api.script(LOGIN, slow_login)
    api.script(REGION, *[stall] * 20)
    client = make_client(timeout=Timeout(total=5, deadline=1.5), clock=Clock())
    async with client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(
            *(client.reference_data.list_regions() for _ in range(20)), return_exceptions=True
        )
        elapsed = loop.time() - started
    assert all(isinstance(r, APITimeoutError) for r in results)
    # 1.5 s deadline: a wait for the token that is not counted ends near 1.0 + 1.5 s
    assert elapsed < 2.1


async def test_a_login_slower_than_the_deadline_is_not_waited_for(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async def slow_login(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(3)
        return ok({"accessToken": "late", "tokenType": "Bearer", "expiresIn": 3600})

    api.script(LOGIN, slow_login)
    client = make_client(timeout=Timeout(total=5, deadline=0.4), clock=Clock())
    async with client:
        results = await asyncio.gather(
            *(client.reference_data.list_regions() for _ in range(5)), return_exceptions=True
        )
    assert all(isinstance(r, APITimeoutError) for r in results)
    assert not any(isinstance(r, OutcomeUnknownError) for r in results)


async def test_zero_expires_in_still_costs_one_login_for_a_burst(
    client: FincardClient, api: FakeApi
) -> None:
    api.expires_in = 0
    await client.reference_data.list_regions()
    await asyncio.gather(*(client.reference_data.list_regions() for _ in range(20)))
    assert api.logins == 1


@pytest.mark.parametrize("token", ["tok\r\nX-Evil: 1", "tök", "tok en", ""])
async def test_a_token_unfit_for_a_header_is_refused_at_login(
    client: FincardClient, api: FakeApi, token: str
) -> None:
    async def bad_token(request: web.Request, body: bytes) -> web.Response:
        return ok({"accessToken": token, "tokenType": "Bearer", "expiresIn": 3600})

    api.script(LOGIN, bad_token)
    with pytest.raises(AuthenticationError) as caught:
        await client.reference_data.list_regions()
    assert token == "" or token not in str(caught.value)
    await client.reference_data.list_regions()  # the bad token was never cached
    assert api.logins == 1


async def test_waiting_for_a_pooled_connection_counts_against_the_deadline(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async def stall(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(3)
        return ok([])

    client = make_client(
        timeout=Timeout(total=5, deadline=0.5),
        limits=ConnectionLimits(max_connections=1),
        clock=Clock(),
        retry=RetryPolicy.disabled(),
    )
    async with client:
        await client.reference_data.list_regions()  # the login, on the one connection
        api.script(REGION, stall, stall)
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(
            client.reference_data.list_regions(),
            client.reference_data.list_regions(),  # waits for the pool the whole time
            return_exceptions=True,
        )
        elapsed = loop.time() - started
    assert all(isinstance(r, APITimeoutError) for r in results)
    assert elapsed < 1.5  # the 0.5 s deadline, not the 3 s the connection is held


async def test_a_cancelled_caller_leaves_the_shared_login_running(
    client: FincardClient, api: FakeApi
) -> None:
    async def slow_login(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(0.2)
        api.logins += 1
        api.valid_tokens.add("tok-slow")
        return ok({"accessToken": "tok-slow", "tokenType": "Bearer", "expiresIn": 3600})

    api.script(LOGIN, slow_login)
    leader = asyncio.ensure_future(client.reference_data.list_regions())
    await asyncio.sleep(0.05)  # the leader's login is on the wire
    leader.cancel()
    others = await asyncio.gather(*(client.reference_data.list_regions() for _ in range(10)))
    assert leader.cancelled()
    assert all(regions for regions in others)
    assert api.logins == 1
