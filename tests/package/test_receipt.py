"""cards.apply() returns a typed receipt: the key it was sent with, the request id, the data."""

from __future__ import annotations

from sample_applications import base_info, kyc_info

from fincard_async import CardApplyReceipt, FincardClient
from fincard_async.sandbox import Sandbox


async def test_the_receipt_names_the_key_and_the_request(
    fincard_client: FincardClient, fincard_sandbox: Sandbox
) -> None:
    with fincard_client.capture_responses() as seen:
        receipt = await fincard_client.cards.apply(
            base_info=base_info(), kyc_info=kyc_info(), mc_trade_no="RECEIPT-0001"
        )

    assert isinstance(receipt, CardApplyReceipt)
    assert receipt.mc_trade_no == "RECEIPT-0001"
    assert receipt.request_id is not None
    assert receipt.request_id == seen[-1].request_id
    stored = {
        application.mc_trade_no for application in fincard_sandbox.state.applications.values()
    }
    assert stored == {"RECEIPT-0001"}


async def test_a_generated_key_is_the_one_sent(
    fincard_client: FincardClient, fincard_sandbox: Sandbox
) -> None:
    first = await fincard_client.cards.apply(base_info=base_info(), kyc_info=kyc_info())
    second = await fincard_client.cards.apply(base_info=base_info(), kyc_info=kyc_info())

    assert first.mc_trade_no != second.mc_trade_no
    stored = {
        application.mc_trade_no for application in fincard_sandbox.state.applications.values()
    }
    assert stored == {first.mc_trade_no, second.mc_trade_no}
    assert first.request_id != second.request_id


def test_the_repr_leaves_the_data_out() -> None:
    receipt = CardApplyReceipt(mc_trade_no="T-1", request_id="r-1", data={"name": "Zoe Li"})

    assert "Zoe" not in repr(receipt)
    assert "T-1" in repr(receipt)
