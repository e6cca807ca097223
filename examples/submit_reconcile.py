"""Submit a work order and settle an uncertain outcome without ever opening two.

The SDK settles most uncertain writes itself: when an attempt may have reached the server and
no later answer says what happened, it looks the order up by its ``merchantOrderNo`` and
returns it (``FincardClient(reconcile=True)``, the default). Only when the lookup finds nothing
or cannot run does the call end in ``OutcomeUnknownError``, carrying that number: submit again
with the SAME number, which the server treats as the same order.

Run: ``python -m examples.submit_reconcile``.
"""

from __future__ import annotations

import asyncio

from fincard_async import FincardClient, FinHubConfig, OutcomeUnknownError
from fincard_async.models import WorkOrder

# how many times an uncertain write is sent again with its number before giving up
ROUNDS = 3


async def submit_exactly_once(
    client: FincardClient, *, title: str, target: str, trade_type: str
) -> WorkOrder:
    """Open one work order; an uncertain outcome is sent again under the same number."""
    merchant_order_no = client.order_numbers.new()  # ours: every round sends the same one
    for attempt in range(1, ROUNDS + 1):
        try:
            return await client.work_orders.submit(
                title=title,
                target=target,
                trade_type=trade_type,
                merchant_order_no=merchant_order_no,
            )
        except OutcomeUnknownError as error:
            # the SDK already looked the number up (error.lookup_ran, error.lookup_result)
            print(f"round {attempt}: outcome unknown for {error.idempotency_key}; sending again")
            await asyncio.sleep(0.2 * attempt)
    raise RuntimeError(f"still uncertain after {ROUNDS} rounds: {merchant_order_no}")


async def main() -> WorkOrder:
    async with FincardClient(finhub=FinHubConfig(forwarded_from="reconcile-example")) as client:
        order = await submit_exactly_once(
            client, title="Activate card", target="4111111111111111", trade_type="CARD_ACTIVE"
        )
    print(f"work order {order.order_no} for {order.merchant_order_no}")
    return order


if __name__ == "__main__":
    from examples._sandbox import run

    run(main)
