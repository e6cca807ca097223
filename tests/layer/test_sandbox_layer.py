"""The layer against the project's sandbox: its page cap, its card types, its apply rules."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sample_applications import base_info, kyc_info

from fincard_async import FincardClient
from fincard_async.sandbox import Sandbox
from fincard_async.sandbox._card_types import DEFAULT_CARD_TYPES

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()


@pytest.mark.fincard_sandbox(page_size_cap=7)
async def test_a_walk_over_the_capped_sandbox_sees_every_order_once(
    fincard_sandbox: Sandbox, fincard_client: FincardClient
) -> None:
    seeded = fincard_sandbox.seed_work_orders(50)
    seen = [order.order_no async for order in fincard_client.work_orders.list(page_size=20)]
    assert sorted(seen) == sorted(seeded)


@pytest.mark.parametrize("card_type_id", [str(c["card_type_id"]) for c in DEFAULT_CARD_TYPES])
async def test_every_sandbox_card_type_reads_cleanly(
    fincard_client: FincardClient, card_type_id: str
) -> None:
    rules = await fincard_client.cards.card_type_rules(card_type_id)
    assert rules is not None
    assert rules.card_type_id == card_type_id


async def test_an_application_passing_the_sdk_checks_is_accepted(
    fincard_client: FincardClient,
) -> None:
    answer: Any = await fincard_client.cards.apply(
        base_info=base_info(), kyc_info=kyc_info(image=PNG)
    )
    assert answer is not None
