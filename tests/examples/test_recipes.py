"""Each program in examples/ runs against the sandbox and does what its docstring says."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from examples import apply_card, quickstart, submit_reconcile, walk_work_orders
from fincard_async import FincardClient, FinHubConfig
from fincard_async.sandbox import FaultRule, Sandbox


async def test_quickstart(sandbox: Sandbox) -> None:
    summary = await quickstart.main()
    assert summary["singapore"] == "Singapore"
    assert summary["us_mobile_code"] == "+1"
    assert "10001" in summary["card_types"]  # type: ignore[operator]


async def test_submit_without_trouble(sandbox: Sandbox) -> None:
    order = await submit_reconcile.main()
    assert [o.merchant_order_no for o in sandbox.state.work_orders.values()] == [
        order.merchant_order_no
    ]


async def test_lost_write_is_sent_again_with_the_same_number(sandbox: Sandbox) -> None:
    # every attempt of the first round is dropped: the write never landed
    dropped = sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop", times=3))
    order = await submit_reconcile.main()
    assert sandbox.faults.fired(dropped) == 3
    assert len(sandbox.state.work_orders) == 1
    assert next(iter(sandbox.state.work_orders.values())).merchant_order_no == (
        order.merchant_order_no
    )


async def test_landed_write_is_found_not_sent_again(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FincardClient(finhub=FinHubConfig()) as client:
        key = client.order_numbers.new()
        first = await client.work_orders.submit(
            title="Activate card", target="4111", trade_type="CARD_ACTIVE", merchant_order_no=key
        )
        # the next submit of this number goes out and its answer is lost, every time
        sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop"))
        client.order_numbers.new = lambda: key  # type: ignore[method-assign]
        found = await submit_reconcile.submit_exactly_once(
            client, title="Activate card", target="4111", trade_type="CARD_ACTIVE"
        )
    assert found.order_no == first.order_no
    assert len(sandbox.state.work_orders) == 1
    assert "outcome unknown" in capsys.readouterr().out


async def test_walk_work_orders(sandbox: Sandbox) -> None:
    counts = await walk_work_orders.main()
    assert sum(counts.values()) == 12


async def test_apply_card_with_sample_images(sandbox: Sandbox) -> None:
    result = await apply_card.main()
    assert result["status"] == "processing"
    assert len(sandbox.state.applications) == 1


async def test_apply_card_with_given_files(sandbox: Sandbox, tmp_path: Path) -> None:
    images = await asyncio.to_thread(apply_card.sample_images, tmp_path)
    result = await apply_card.main(images)
    assert result["mc_trade_no"]
