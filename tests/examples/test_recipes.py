"""Each program in examples/ runs against the sandbox and does what its docstring says."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from examples import apply_card, quickstart, submit_reconcile, walk_work_orders
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
    # the write lands and its answer is lost; the retry under the same number is refused as a
    # duplicate: the SDK looks the number up and returns the order, nothing is left uncertain
    lost = sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="lose_answer", times=1))
    sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="duplicate"))
    order = await submit_reconcile.main()
    assert sandbox.faults.fired(lost) == 1
    orders = list(sandbox.state.work_orders.values())
    assert [o.merchant_order_no for o in orders] == [order.merchant_order_no]
    assert "outcome unknown" not in capsys.readouterr().out


async def test_walk_work_orders(sandbox: Sandbox) -> None:
    counts = await walk_work_orders.main()
    assert sum(counts.values()) == 12


async def test_apply_card_with_sample_images(sandbox: Sandbox) -> None:
    result = await apply_card.main()
    assert isinstance(result.data, dict)
    assert result.data["status"] == "processing"
    assert result.mc_trade_no in {a.mc_trade_no for a in sandbox.state.applications.values()}
    assert len(sandbox.state.applications) == 1


async def test_apply_card_with_given_files(sandbox: Sandbox, tmp_path: Path) -> None:
    images = await asyncio.to_thread(apply_card.sample_images, tmp_path)
    result = await apply_card.main(images)
    assert result.mc_trade_no
