# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""listWorkOrders: List work orders (paged)"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.list_work_orders_request import ListWorkOrdersRequest
from ...models.platform import Platform
from ...models.work_order_page_envelope import WorkOrderPageEnvelope
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="listWorkOrders",
    method="POST",
    path="/api/v2.1/fincard/virtual/work/list",
    family="finhub",
    auth="bearer",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: ListWorkOrdersRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `listWorkOrders` without sending it."""
    headers: dict[str, str] = {}
    headers["X-Tenant-ID"] = str(x_tenant_id)
    headers["X-Forwarded-For"] = str(x_forwarded_for)
    headers["X-Forwarded-From"] = str(x_forwarded_from)
    headers["platform"] = str(platform)
    headers["deviceId"] = str(device_id)
    json_body: Any = transport.converter.unstructure(body)
    return PreparedRequest(operation=OPERATION, headers=headers, json=json_body)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: ListWorkOrdersRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[WorkOrderPageEnvelope]:
    """List work orders (paged)

    Lists work orders matching optional filters, one page at a time.

    **D5 (pagination):** the seed page does not name the pagination fields; every other
    FinHub list uses `pageNum` (default 1) and `pageSize` (default 10; the account list
    caps it at 10), so we use those. The SDK never assumes a server cap is honoured and
    stops when the items seen reach `total` or a page comes back empty.

    Records are shaped like the submit answer plus `description`. Path is inferred (D13).

    Args:
        transport: sends the request (``fincard_async`` supplies one with auth and retries).
        body: the request body.
        x_tenant_id: header `X-Tenant-ID`.
        x_forwarded_for: header `X-Forwarded-For`.
        x_forwarded_from: header `X-Forwarded-From`.
        platform: header `platform`. End user's platform (FinHub `platform` header).
        device_id: header `deviceId`.

    Returns:
        The success answer with status, headers and request id. Errors are raised by the
        transport, never returned.
    """
    request = build_request(
        transport=transport,
        body=body,
        x_tenant_id=x_tenant_id,
        x_forwarded_for=x_forwarded_for,
        x_forwarded_from=x_forwarded_from,
        platform=platform,
        device_id=device_id,
    )
    response: Response[WorkOrderPageEnvelope] = await transport.send(request, WorkOrderPageEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: ListWorkOrdersRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> WorkOrderPageEnvelope:
    """List work orders (paged): only the parsed answer."""
    # sends itself rather than awaiting asyncio_detailed: one coroutine less per call
    request = build_request(
        transport=transport,
        body=body,
        x_tenant_id=x_tenant_id,
        x_forwarded_for=x_forwarded_for,
        x_forwarded_from=x_forwarded_from,
        platform=platform,
        device_id=device_id,
    )
    response: Response[WorkOrderPageEnvelope] = await transport.send(request, WorkOrderPageEnvelope)
    return response.parsed
