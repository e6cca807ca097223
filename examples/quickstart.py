"""Quickstart: one client for both API families, credentials from the environment.

Run: ``python -m examples.quickstart`` (an embedded sandbox when FINCARD_* is not set).
"""

from __future__ import annotations

from fincard_async import EndUser, FincardClient, FinHubConfig, HyperCardConfig


async def main() -> dict[str, object]:
    # FinHubConfig() and HyperCardConfig() read FINCARD_FINHUB_* and FINCARD_HYPERCARD_*
    async with FincardClient(
        finhub=FinHubConfig(
            forwarded_from="quickstart",
            end_user=EndUser(ip="203.0.113.7", platform="web", device_id="quickstart-1"),
        ),
        hypercard=HyperCardConfig(),
    ) as client:
        regions = await client.reference_data.list_regions()  # logs in on first use
        singapore = await client.reference_data.region("SG")  # cached for an hour
        plus_one = await client.reference_data.mobile_code("US")
        card_types = await client.cards.list_card_types()  # a signed HyperCard call
    summary: dict[str, object] = {
        "regions": len(regions),
        "singapore": singapore.name if singapore else None,
        "us_mobile_code": plus_one,
        "card_types": [card_type.card_type_id for card_type in card_types],
    }
    print(summary)
    return summary


if __name__ == "__main__":
    from examples._sandbox import run

    run(main)
