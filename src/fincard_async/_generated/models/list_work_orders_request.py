# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""ListWorkOrdersRequest: Filters (all optional) and pagination. **D5:** `pageNum`/`pageSize` as on..."""

from __future__ import annotations

from attrs import define

from ..models.trade_status import TradeStatus
from ..models.trade_type import TradeType

__all__ = ["ListWorkOrdersRequest"]


@define(kw_only=True)
class ListWorkOrdersRequest:
    """Filters (all optional) and pagination. **D5:** `pageNum`/`pageSize` as on every other
    FinHub list; no maximum is assumed to be honoured by the server.

    Attributes:
        merchant_order_no: wire name `merchantOrderNo`
        order_no: wire name `orderNo`
        target: wire name `target`
        trade_type: Work order type.
        trade_status: Work order status.
        page_num: wire name `pageNum`
        page_size: wire name `pageSize`
    """

    merchant_order_no: str | None = None
    order_no: str | None = None
    target: str | None = None
    trade_type: TradeType | None = None
    trade_status: TradeStatus | None = None
    page_num: int = 1
    page_size: int = 10
