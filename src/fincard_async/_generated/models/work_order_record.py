# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""WorkOrderRecord: A `WorkOrder` plus `description` (written out flat)."""

from __future__ import annotations

from attrs import define

from ..models.trade_status import TradeStatus
from ..models.trade_type import TradeType

__all__ = ["WorkOrderRecord"]


@define(kw_only=True)
class WorkOrderRecord:
    """A `WorkOrder` plus `description` (written out flat).

    Attributes:
        merchant_order_no: wire name `merchantOrderNo`
        order_no: Platform order id.
        trade_type: Work order type.
        trade_status: Work order status.
        create_time: Epoch milliseconds.
        title: wire name `title`
        target: wire name `target`
        content: wire name `content`
        description: wire name `description`
        remark: wire name `remark`
        update_time: Epoch milliseconds.
    """

    merchant_order_no: str
    order_no: str
    trade_type: TradeType
    trade_status: TradeStatus
    create_time: int
    title: str | None = None
    target: str | None = None
    content: str | None = None
    description: str | None = None
    remark: str | None = None
    update_time: int | None = None
