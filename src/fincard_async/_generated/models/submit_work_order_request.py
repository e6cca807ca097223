# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""SubmitWorkOrderRequest: a data model"""

from __future__ import annotations

from attrs import define

from ..models.trade_type import TradeType

__all__ = ["SubmitWorkOrderRequest"]


@define(kw_only=True)
class SubmitWorkOrderRequest:
    """SubmitWorkOrderRequest

    Attributes:
        merchant_order_no: Client transaction id, 20..40 characters (doc). **D6:** the idempotency key,
            generated once per logical operation and reused on every retry. The alphabet
            `[A-Za-z0-9_-]` is our decision (the vendor only states the length).
        title: wire name `title`
        target: Subject of the work order; the card number for `CARD_ACTIVE`.
        trade_type: Work order type.
        content: wire name `content`
        files: File ids returned by `uploadFile`.
    """

    merchant_order_no: str
    title: str
    target: str
    trade_type: TradeType
    content: str | None = None
    files: list[str] | None = None
