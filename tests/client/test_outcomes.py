"""Writes under faults, against the sandbox over loopback: the verdict across attempts.

Each test is a bug of issue 10 that a user could hit: a write lands, its answer is lost, and
the retry gets a definite error; the SDK must report the write as landed (reconciled) or as
"outcome unknown" with its key, never as a failure.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from sample_applications import base_info, kyc_info

from fincard_async import (
    APIConnectionError,
    BusinessError,
    Clock,
    DuplicateRequestError,
    EndUser,
    FincardClient,
    FinHubConfig,
    OutcomeUnknownError,
    RateLimitError,
    RetryPolicy,
    Timeout,
)
from fincard_async.sandbox import FaultRule, Sandbox

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()
KEY = "RECON" + "0" * 19
FAST = {"retry": RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.02)}

pytestmark = pytest.mark.parametrize("fincard_client_options", [FAST])


def _lost_then(sandbox: Sandbox, operation: str, then: FaultRule) -> None:
    # the first attempt commits and loses its answer; the retry meets ``then``
    sandbox.faults.add(FaultRule(operation=operation, kind="lose_answer", times=1))
    sandbox.faults.add(then)


async def _submit(client: FincardClient, key: str = KEY) -> Any:
    return await client.work_orders.submit(
        title="Activate", target="4111111111111111", trade_type="CARD_ACTIVE", merchant_order_no=key
    )


async def test_landed_submit_then_duplicate_answer_is_reconciled(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    _lost_then(fincard_sandbox, "submitWorkOrder", FaultRule(operation="*", kind="duplicate"))
    with fincard_client.capture_responses() as seen:
        order = await _submit(fincard_client)
    assert order.merchant_order_no == KEY
    assert len(fincard_sandbox.state.tenant_work_orders(fincard_sandbox.credentials.tenant_id)) == 1
    reconciled = [info for info in seen if info.reconciled]
    assert [info.operation for info in reconciled] == ["submitWorkOrder"]
    assert reconciled[0].outcome is not None
    assert reconciled[0].outcome.outcome == "reconciled"


@pytest.mark.parametrize(
    "then",
    [
        FaultRule(operation="submitWorkOrder", kind="duplicate"),
        FaultRule(operation="submitWorkOrder", kind="status", status=429, retry_after=0),
    ],
)
async def test_landed_submit_is_never_a_definite_failure(
    fincard_sandbox: Sandbox, fincard_client: FincardClient, then: FaultRule
) -> None:
    _lost_then(fincard_sandbox, "submitWorkOrder", then)
    with pytest.raises(OutcomeUnknownError) as caught:
        await _submit(fincard_client.with_options(reconcile=False))
    error = caught.value
    assert error.idempotency_key == KEY
    assert error.operation == "submitWorkOrder"
    assert isinstance(error.attempt_errors[0], APIConnectionError)
    assert isinstance(error.attempt_errors[-1], (BusinessError, RateLimitError))
    assert not error.lookup_ran
    assert len(fincard_sandbox.state.tenant_work_orders(fincard_sandbox.credentials.tenant_id)) == 1


async def test_lookup_that_finds_nothing_says_so(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    # dropped before the handler: nothing landed, but the client cannot know that
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop"))
    with pytest.raises(OutcomeUnknownError) as caught:
        await _submit(fincard_client)
    assert caught.value.lookup_ran
    assert caught.value.lookup_result is not None
    assert "not found" in caught.value.lookup_result
    fincard_sandbox.faults.clear()
    order = await _submit(fincard_client, caught.value.idempotency_key or "")
    assert order.merchant_order_no == KEY  # resubmitting with the key is safe


async def test_lookup_that_fails_says_so(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="lose_answer"))
    fincard_sandbox.faults.add(FaultRule(operation="listWorkOrders", kind="status", status=400))
    with pytest.raises(OutcomeUnknownError) as caught:
        await _submit(fincard_client)
    assert caught.value.lookup_ran
    assert (caught.value.lookup_result or "").startswith("lookup failed: InvalidRequestError")


async def test_hypercard_duplicate_after_a_lost_answer_is_outcome_unknown(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="applyCard", kind="lose_answer", times=1))
    with pytest.raises(OutcomeUnknownError) as caught:
        await fincard_client.cards.apply(
            base_info=base_info(), kyc_info=kyc_info(image=PNG), mc_trade_no="HC-KEY-1"
        )
    assert caught.value.idempotency_key == "HC-KEY-1"
    assert isinstance(caught.value.attempt_errors[-1], DuplicateRequestError)
    assert len(fincard_sandbox.state.applications) == 1


async def test_hypercard_duplicate_on_a_first_attempt_stays_a_duplicate(
    fincard_client: FincardClient,
) -> None:
    apply: dict[str, Any] = {
        "base_info": base_info(),
        "kyc_info": kyc_info(image=PNG),
        "mc_trade_no": "HC-KEY-2",
    }
    await fincard_client.cards.apply(**apply)
    with pytest.raises(DuplicateRequestError):
        await fincard_client.cards.apply(**apply)


async def test_late_answer_past_the_timeout_is_reconciled(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    fincard_sandbox.faults.add(
        FaultRule(operation="submitWorkOrder", kind="late_answer", delay=0.6, times=1)
    )
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="duplicate"))
    client = fincard_client.with_options(timeout=Timeout(total=0.3, deadline=5))
    with client.capture_responses() as seen:
        order = await _submit(client)
    assert order.merchant_order_no == KEY
    assert any(info.reconciled for info in seen)


async def test_a_write_cut_by_the_deadline_is_outcome_unknown(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="late_answer", delay=2))
    client = fincard_client.with_options(timeout=Timeout(total=5, deadline=0.4), reconcile=False)
    with pytest.raises(OutcomeUnknownError) as caught:
        await _submit(client)
    assert caught.value.idempotency_key == KEY


async def test_a_write_cut_by_the_deadline_net_is_outcome_unknown(
    fincard_sandbox: Sandbox, fincard_client_options: dict[str, Any]
) -> None:
    # a client clock at half speed leaves the attempt's own timer later than the call's
    # deadline, so the deadline net (not aiohttp) cuts the request in flight
    fincard_sandbox.faults.add(FaultRule(operation="login", kind="delay", delay=0.3))
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="late_answer", delay=2))
    half = Clock(monotonic=lambda: time.monotonic() / 2)
    async with _client(
        fincard_sandbox, clock=half, reconcile=False, **fincard_client_options
    ) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await _submit(client.with_options(timeout=Timeout(total=5, deadline=0.6)))
    assert caught.value.idempotency_key == KEY


def _client(sandbox: Sandbox, **options: Any) -> FincardClient:
    credentials = sandbox.credentials
    finhub = FinHubConfig(
        base_url=sandbox.base_url,
        email=credentials.email,
        password=credentials.password,
        tenant_id=credentials.tenant_id,
        end_user=EndUser(ip="203.0.113.7", platform="web", device_id="dev-1"),
    )
    return FincardClient(finhub=finhub, **options)
