# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""WorkOrderPage: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.work_order_record import WorkOrderRecord

__all__ = ["WorkOrderPage"]


@define(kw_only=True)
class WorkOrderPage:
    """WorkOrderPage

    Attributes:
        total: wire name `total`
        records: wire name `records`
    """

    total: int
    records: list[WorkOrderRecord]
