"""The layer against the project's sandbox: its page cap, its card types, its apply rules."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fincard_api.models import CardApplyBaseInfo, CardApplyKycInfo, DocNeverExpire, Gender

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
        base_info=CardApplyBaseInfo(
            card_type_id="10001",
            email="ann@example.com",
            first_name="Ann",
            last_name="Lee",
            mobile="5550100",
            mobile_code="+1",
        ),
        kyc_info=CardApplyKycInfo(
            address="1 Main Street",
            birthday="1990-04-12",
            city="Springfield",
            country_id="US",
            doc_no="X1234567",
            doc_type=1,
            emergency_contact="Bob Lee",
            front_doc=PNG,
            gender=Gender(2),
            mix_doc=PNG,
            nationality_id="US",
            sign_img=PNG,
            state="IL",
            zip_code="62701",
            doc_never_expire=DocNeverExpire(1),
        ),
    )
    assert answer is not None
