# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""WorkOrderEnvelope: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.work_order import WorkOrder

__all__ = ["WorkOrderEnvelope"]


@define(kw_only=True)
class WorkOrderEnvelope:
    """WorkOrderEnvelope

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: bool
    code: int
    msg: str
    data: WorkOrder | None
