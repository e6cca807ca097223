"""Card-type rules read from the loose shapes HyperCard sends, and their cached card list."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from fincard_async import APIResponseValidationError
from fincard_async._card_rules import CardTypeRules
from fincard_async._generated.models import CardType

from .conftest import FakeClock, FakeHyperCard, open_client

LOOSE: list[dict[str, Any]] = [
    {  # integers, comma text, empty limit
        "card_type_id": "10001",
        "apply_type": 1,
        "doc_type": "1,2,3",
        "need_poa": 0,
        "support_poa_type": "1, 2",
        "kyc_country_limit_short": "",
        "status": 1,
    },
    {  # numeric strings, JSON-array text, an unknown field
        "card_type_id": "10002",
        "apply_type": "1",
        "doc_type": "[1,3]",
        "need_poa": "1",
        "support_poa_type": "[1]",
        "kyc_country_limit_short": "us;gb",
        "kyc_nationality_limit_short": '["US","GB","CA"]',
        "status": "1",
        "monthly_fee": "1.50",
    },
    {  # real JSON arrays and numbers where text is documented, nulls
        "card_type_id": "10003",
        "apply_type": None,
        "doc_type": [2],
        "need_poa": True,
        "support_poa_type": 2,
        "kyc_country_limit_short": ["HK", "SG"],
        "kyc_nationality_limit_short": None,
        "status": "active",
    },
]


async def _rules(server: TestServer, card_type_id: str) -> CardTypeRules | None:
    async with open_client(hypercard_server=server) as client:
        return await client.cards.card_type_rules(card_type_id)


@pytest.mark.parametrize(
    ("card_type_id", "expected"),
    [
        ("10001", (1, {1, 2, 3}, False, {1, 2}, set(), set(), 1)),
        ("10002", (1, {1, 3}, True, {1}, {"US", "GB"}, {"US", "GB", "CA"}, 1)),
        ("10003", (None, {2}, True, {2}, {"HK", "SG"}, set(), None)),
    ],
)
async def test_loose_shapes_become_clean_types(
    hypercard: FakeHyperCard,
    hypercard_server: TestServer,
    card_type_id: str,
    expected: tuple[Any, ...],
) -> None:
    hypercard.card_types = LOOSE
    rules = await _rules(hypercard_server, card_type_id)
    assert rules is not None
    got = (
        rules.apply_type,
        rules.doc_types,
        rules.need_poa,
        rules.support_poa_types,
        rules.country_limit,
        rules.nationality_limit,
        rules.status,
    )
    assert got == expected
    assert rules.raw.card_type_id == card_type_id


async def test_an_unknown_card_type_is_none(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    hypercard.card_types = LOOSE
    assert await _rules(hypercard_server, "nope") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kyc_country_limit_short", "United States"),
        ("kyc_nationality_limit_short", '["US", 7]'),
        ("doc_type", "passport"),
        ("need_poa", "maybe"),
        ("support_poa_type", "[1,2"),
        ("apply_type", "basic"),
    ],
)
async def test_an_unreadable_rule_is_an_error_never_no_limit(
    hypercard: FakeHyperCard, hypercard_server: TestServer, field: str, value: Any
) -> None:
    hypercard.card_types = [{"card_type_id": "10001", field: value}, LOOSE[1]]
    with pytest.raises(APIResponseValidationError, match=f"'10001': cannot read {field}"):
        await _rules(hypercard_server, "10001")
    # only the card type asked for is read: a broken neighbour does not matter
    assert await _rules(hypercard_server, "10002") is not None


def test_reading_is_a_classmethod_on_the_model() -> None:
    rules = CardTypeRules.from_card_type(
        CardType(card_type_id="9", doc_type="['1', '2']", kyc_country_limit_short="[]")
    )
    assert rules.doc_types == {1, 2}
    assert rules.country_limit == frozenset()
    assert rules.need_poa is False


async def test_the_card_list_is_cached_single_flight_and_refreshed(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    hypercard.card_types = LOOSE
    hypercard.list_delay = 0.05
    clock = FakeClock()
    async with open_client(hypercard_server=hypercard_server, clock=clock) as client:
        cards = client.cards
        found = await asyncio.gather(*(cards.card_type_rules("10002") for _ in range(50)))
        assert {r.card_type_id for r in found if r} == {"10002"}
        assert hypercard.calls["listCardTypes"] == 1
        await cards.card_type_rules("10001")
        clock.now += 599
        await cards.card_type_rules("10001")
        assert hypercard.calls["listCardTypes"] == 1
        clock.now += 2  # past the 10 minutes
        await cards.card_type_rules("10001")
        assert hypercard.calls["listCardTypes"] == 2
        await cards.card_type_rules("10001", refresh=True)
        assert hypercard.calls["listCardTypes"] == 3
