"""Submit a work order and settle an uncertain outcome without ever opening two.

A write that may have reached the server ends in ``OutcomeUnknownError``, carrying the
``merchantOrderNo`` it was sent with. Look the order up by that number: found, the write
landed; not found, submit again with the SAME number, which the server treats as one order.

Run: ``python -m examples.submit_reconcile``.
"""

from __future__ import annotations

import asyncio

from fincard_async import FincardClient, FinHubConfig, OutcomeUnknownError
from fincard_async.models import WorkOrder, WorkOrderRecord

# how many times an uncertain write is looked up and sent again before giving up
ROUNDS = 3


async def find_order(client: FincardClient, merchant_order_no: str) -> WorkOrderRecord | None:
    """The work order opened with ``merchant_order_no``, if the server has it."""
    first_page = await client.work_orders.list(merchant_order_no=merchant_order_no, page_size=1)
    return first_page.records[0] if first_page.records else None


async def submit_exactly_once(
    client: FincardClient, *, title: str, target: str, trade_type: str
) -> WorkOrder | WorkOrderRecord:
    """Open one work order, reconciling uncertain outcomes by its ``merchantOrderNo``."""
    merchant_order_no = client.order_numbers.new()  # ours, so we can look it up later
    for attempt in range(1, ROUNDS + 1):
        try:
            return await client.work_orders.submit(
                title=title,
                target=target,
                trade_type=trade_type,
                merchant_order_no=merchant_order_no,
            )
        except OutcomeUnknownError as error:
            key = error.idempotency_key or merchant_order_no
            print(f"round {attempt}: outcome unknown for {key}; looking it up")
            found = await find_order(client, key)
            if found is not None:
                return found  # the write had landed: nothing more to send
            await asyncio.sleep(0.2 * attempt)  # then send again with the same number
    raise RuntimeError(f"still uncertain after {ROUNDS} rounds: {merchant_order_no}")


async def main() -> WorkOrder | WorkOrderRecord:
    async with FincardClient(finhub=FinHubConfig(forwarded_from="reconcile-example")) as client:
        order = await submit_exactly_once(
            client, title="Activate card", target="4111111111111111", trade_type="CARD_ACTIVE"
        )
    print(f"work order {order.order_no} for {order.merchant_order_no}")
    return order


if __name__ == "__main__":
    from examples._sandbox import run

    run(main)
