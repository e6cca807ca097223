# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""WorkOrderPageEnvelope: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.work_order_page import WorkOrderPage

__all__ = ["WorkOrderPageEnvelope"]


@define(kw_only=True)
class WorkOrderPageEnvelope:
    """WorkOrderPageEnvelope

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: bool
    code: int
    msg: str
    data: WorkOrderPage | None
