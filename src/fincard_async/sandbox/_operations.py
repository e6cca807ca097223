"""The operations the sandbox serves: operationId, API family and path (one table)."""

from __future__ import annotations

from typing import Final, Literal

import attrs

__all__ = [
    "FINHUB_BASE",
    "OPERATIONS",
    "Family",
    "Operation",
    "operation_named",
]

Family = Literal["finhub", "hypercard"]

FINHUB_BASE: Final = "/api/v2.1/fincard/virtual"


@attrs.frozen
class Operation:
    """One API operation: its spec ``operationId``, family and path."""

    operation_id: str
    family: Family
    path: str
    needs_token: bool = True


OPERATIONS: Final[tuple[Operation, ...]] = (
    Operation("login", "finhub", "/api/auth/login", needs_token=False),
    Operation("listRegions", "finhub", f"{FINHUB_BASE}/common/region"),
    Operation("listCities", "finhub", f"{FINHUB_BASE}/common/city"),
    Operation("listCityTree", "finhub", f"{FINHUB_BASE}/common/v2/city"),
    Operation("listMobileAreaCodes", "finhub", f"{FINHUB_BASE}/common/mobileAreaCode"),
    Operation("uploadFile", "finhub", f"{FINHUB_BASE}/common/file/upload"),
    Operation("submitWorkOrder", "finhub", f"{FINHUB_BASE}/work/submit"),
    Operation("listWorkOrders", "finhub", f"{FINHUB_BASE}/work/list"),
    Operation("applyCard", "hypercard", "/v4/openapi/card/apply", needs_token=False),
    Operation("listCardTypes", "hypercard", "/v5/openapi/card/list", needs_token=False),
)

_BY_ID: Final = {op.operation_id: op for op in OPERATIONS}


def operation_named(operation_id: str) -> Operation:
    """Look an operation up by ``operationId``; ``KeyError`` names the known ones."""
    try:
        return _BY_ID[operation_id]
    except KeyError:
        known = ", ".join(sorted(_BY_ID))
        raise KeyError(f"unknown operation {operation_id!r}; known: {known}") from None
