"""Walk every work order, page by page, and count them by status.

``list()`` sends nothing until iterated; ``async for`` yields every record and fetches the next
page while you work on this one. ``async with`` cancels a page asked ahead if you stop early.

Run: ``python -m examples.walk_work_orders``.
"""

from __future__ import annotations

from collections import Counter

from fincard_async import FincardClient, FinHubConfig


async def count_by_status(client: FincardClient, *, trade_type: str | None = None) -> Counter[str]:
    """How many work orders are in each ``tradeStatus``."""
    counts: Counter[str] = Counter()
    async with client.work_orders.list(trade_type=trade_type, page_size=50) as orders:
        async for order in orders:
            counts[str(order.trade_status)] += 1
    return counts


async def first_pages(client: FincardClient, pages: int) -> list[tuple[int, int, int]]:
    """(page number, records on it, total) of the first ``pages`` pages."""
    seen: list[tuple[int, int, int]] = []
    async for page in client.work_orders.list(page_size=10).iter_pages():
        seen.append((page.page_num, len(page.records), page.total))
        if len(seen) == pages:
            break
    return seen


async def main() -> Counter[str]:
    async with FincardClient(finhub=FinHubConfig(forwarded_from="walk-example")) as client:
        for n in range(12):  # so that a fresh sandbox has something to walk
            await client.work_orders.submit(
                title=f"Activate #{n}", target=f"4111{n:012d}", trade_type="CARD_ACTIVE"
            )
        print("pages:", await first_pages(client, 2))
        counts = await count_by_status(client, trade_type="CARD_ACTIVE")
    print("by status:", dict(counts))
    return counts


if __name__ == "__main__":
    from examples._sandbox import run

    run(main)
