"""Retries: bounded, backed off, Retry-After, deadline, the same key on every attempt."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiohttp import web

from fincard_async import (
    APIConnectionError,
    APITimeoutError,
    Clock,
    FincardClient,
    FinHubConfig,
    OutcomeUnknownError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    Timeout,
)

from .conftest import FakeApi, FakeClock, base_info, kyc_info, ok, work_order

REGION = "/api/v2.1/fincard/virtual/common/region"
SUBMIT = "/api/v2.1/fincard/virtual/work/submit"
UPLOAD = "/api/v2.1/fincard/virtual/common/file/upload"
APPLY = "/v4/openapi/card/apply"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def unavailable(request: web.Request, body: bytes) -> web.Response:
    return web.json_response(
        {"success": False, "code": 500, "msg": "busy", "data": None}, status=503
    )


async def envelope_500(request: web.Request, body: bytes) -> web.Response:
    return web.json_response({"success": False, "code": 500, "msg": "internal", "data": None})


async def drop(request: web.Request, body: bytes) -> web.Response:
    assert request.transport is not None
    request.transport.close()  # the request arrived; the answer never leaves
    return web.Response()


async def test_5xx_then_success_is_retried_with_backoff(
    client: FincardClient, api: FakeApi, fake_clock: FakeClock
) -> None:
    api.script(REGION, unavailable, envelope_500)
    regions = await client.reference_data.list_regions()
    assert regions[0].code == "US"
    assert len(api.requests(REGION)) == 3
    # 0.5 s then 1 s bases, half fixed and half jitter (random fixed at 0.5 in tests)
    assert fake_clock.sleeps == [0.375, 0.75]


async def test_retries_are_bounded(client: FincardClient, api: FakeApi) -> None:
    api.script(REGION, *[unavailable] * 5)
    with pytest.raises(ServerError) as caught:
        await client.reference_data.list_regions()
    assert caught.value.status_code == 503
    assert len(api.requests(REGION)) == 3  # 1 + max_retries


async def test_retry_after_is_honoured_up_to_the_cap(
    client: FincardClient, api: FakeApi, fake_clock: FakeClock
) -> None:
    async def slow_down(request: web.Request, body: bytes) -> web.Response:
        return web.json_response({}, status=429, headers={"Retry-After": "3"})

    async def far_future(request: web.Request, body: bytes) -> web.Response:
        return web.json_response({}, status=429, headers={"Retry-After": "3600"})

    api.script(REGION, slow_down)
    await client.reference_data.list_regions()
    assert fake_clock.sleeps == [3.0]
    api.script(REGION, far_future)
    with pytest.raises(RateLimitError):
        await client.reference_data.list_regions()
    assert fake_clock.sleeps == [3.0]  # 3600 s is past the 30 s cap: no wait, no retry


async def test_same_merchant_order_no_on_every_attempt(client: FincardClient, api: FakeApi) -> None:
    api.script(SUBMIT, unavailable, drop)
    order = await client.work_orders.submit(title="t", target="4111", trade_type="CARD_ACTIVE")
    keys = [r.json()["merchantOrderNo"] for r in api.requests(SUBMIT)]
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert 20 <= len(keys[0]) <= 40
    assert order.order_no == "WO1"


async def test_same_mc_trade_no_and_fresh_signature_on_every_attempt(
    client: FincardClient, api: FakeApi
) -> None:
    async def b0000(request: web.Request, body: bytes) -> web.Response:
        return web.json_response({"code": "B0000", "msg": "internal"})

    api.script(APPLY, b0000)
    await client.cards.apply(base_info=base_info(), kyc_info=kyc_info(), mc_trade_no="T-1")
    attempts = api.requests(APPLY)
    assert [a.json()["mc_trade_no"] for a in attempts] == ["T-1", "T-1"]
    assert attempts[0].headers["nonce"] != attempts[1].headers["nonce"]
    assert attempts[0].headers["signature"] != attempts[1].headers["signature"]


async def test_keyed_write_that_may_have_arrived_is_outcome_unknown(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(SUBMIT, drop, drop, drop)
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.work_orders.submit(
            title="t", target="4111", trade_type="CARD_ACTIVE", merchant_order_no="K" * 24
        )
    assert caught.value.idempotency_key == "K" * 24
    assert caught.value.operation == "submitWorkOrder"
    assert isinstance(caught.value.__cause__, APIConnectionError)
    assert len(api.requests(SUBMIT)) == 3


async def test_keyless_write_is_not_retried_after_it_was_sent(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(UPLOAD, drop)
    with pytest.raises(APIConnectionError):
        await client.files.upload(PNG, file_name="a.png")
    assert len(api.requests(UPLOAD)) == 1


async def test_connection_refused_is_retried_then_raised(
    make_client: Callable[..., FincardClient], fake_clock: FakeClock
) -> None:
    dead = FinHubConfig(base_url="http://127.0.0.1:9", email="a@b.c", password="p", tenant_id="T")
    async with make_client(finhub=dead) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.reference_data.list_regions()
    assert caught.value.operation == "listRegions"
    assert isinstance(caught.value.__cause__, APIConnectionError)
    assert caught.value.__cause__.operation == "login"
    assert len(fake_clock.sleeps) == 2


async def _seconds_to_time_out(client: FincardClient) -> float:
    """How long ``list_regions`` takes to end in ``APITimeoutError`` (login included)."""
    async with client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(APITimeoutError):
            await client.reference_data.list_regions()
        return loop.time() - started


async def test_overall_deadline_spans_attempts(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async def stall(request: web.Request, body: bytes) -> web.Response:
        await asyncio.sleep(5)
        return ok([])

    api.script(REGION, stall, stall, stall)
    client = make_client(
        timeout=Timeout(total=0.2, deadline=0.5), retry=RetryPolicy(max_retries=5), clock=Clock()
    )
    elapsed = await _seconds_to_time_out(client)
    assert elapsed < 1.5  # bounded by the 0.5 s deadline (plus login), not 6 x 0.2 s + sleeps
    assert 1 <= len(api.requests(REGION)) <= 3


async def test_work_order_answer_with_unknown_fields_and_enum_values_parses(
    client: FincardClient, api: FakeApi
) -> None:
    async def newer(request: web.Request, body: bytes) -> web.Response:
        return ok(work_order(tradeStatus="on_hold", riskScore=7))

    api.script(SUBMIT, newer)
    order = await client.work_orders.submit(title="t", target="4111", trade_type="CARD_ACTIVE")
    assert order.trade_status.value == "on_hold"
    from fincard_async.models import is_known_member

    assert not is_known_member(order.trade_status)


async def test_read_limit_shorter_than_total_cuts_a_stalled_answer(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async def stall_mid_body(request: web.Request, body: bytes) -> web.StreamResponse:
        answer = web.StreamResponse(headers={"Content-Type": "application/json"})
        answer.content_length = 200
        await answer.prepare(request)
        await answer.write(b'{"success": true, ')
        await asyncio.sleep(5)
        return answer

    api.script(REGION, stall_mid_body)
    client = make_client(
        timeout=Timeout(read=0.2, total=10, deadline=10),
        retry=RetryPolicy.disabled(),
        clock=Clock(),
    )
    elapsed = await _seconds_to_time_out(client)
    assert elapsed < 2  # the 0.2 s read limit, not the 10 s total
