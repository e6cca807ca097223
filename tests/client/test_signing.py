"""HyperCard requests carry a signature the merchant public key verifies over the sent bytes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fincard_async import FincardClient, HyperCardConfig
from fincard_async._signing import NESTED_WRITERS, canonical_string, verify

from .conftest import PRIVATE_KEY, PUBLIC_KEY, FakeApi, base_info, kyc_info

APPLY = "/v4/openapi/card/apply"


async def test_apply_is_signed_over_the_exact_bytes_sent(
    client: FincardClient, api: FakeApi
) -> None:
    await client.cards.apply(base_info=base_info(), kyc_info=kyc_info(), mc_trade_no="T-9")
    (seen,) = api.requests(APPLY)
    assert {"api-key", "timestamp", "nonce", "version", "signature"} <= set(seen.headers)
    assert seen.headers["api-key"] == "M1"
    assert len(seen.headers["nonce"]) == 10
    canonical = canonical_string(seen.headers, seen.body)
    assert verify(canonical, seen.headers["signature"], PUBLIC_KEY)
    # nested objects are signed as the compact JSON text they were sent as, unicode unescaped
    assert '"first_name":"Zoë"' in canonical
    assert verify(canonical.replace("Zoë", "Zoe"), seen.headers["signature"], PUBLIC_KEY) is False


@pytest.mark.parametrize("writer", sorted(NESTED_WRITERS))
async def test_nested_writer_strategy_is_swappable(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi, writer: str
) -> None:
    base = str(server.make_url("")).rstrip("/")  # type: ignore[attr-defined]
    config = HyperCardConfig(
        base_url=base, api_key="M1", private_key=PRIVATE_KEY, nested_writer=writer, lang="en"
    )
    api.writer = NESTED_WRITERS[writer]  # the server verifies with the same canonical form
    async with make_client(hypercard=config) as client:
        await client.cards.apply(base_info=base_info(), kyc_info=kyc_info())
    (seen,) = api.requests(APPLY)
    canonical = canonical_string(seen.headers, seen.body, nested_writer=NESTED_WRITERS[writer])
    assert verify(canonical, seen.headers["signature"], PUBLIC_KEY)
    assert "lang=en" in canonical
