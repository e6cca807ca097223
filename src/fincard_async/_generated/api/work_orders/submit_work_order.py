# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""submitWorkOrder: Submit a work order"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.platform import Platform
from ...models.submit_work_order_request import SubmitWorkOrderRequest
from ...models.work_order_envelope import WorkOrderEnvelope
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="submitWorkOrder",
    method="POST",
    path="/api/v2.1/fincard/virtual/work/submit",
    family="finhub",
    auth="bearer",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: SubmitWorkOrderRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `submitWorkOrder` without sending it."""
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
    body: SubmitWorkOrderRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[WorkOrderEnvelope]:
    """Submit a work order

    Submits a work order, e.g. a card activation (`tradeType: CARD_ACTIVE`, `target` = the
    card number). Attach files by the `fileId`s returned from `uploadFile`.

    **D6 (idempotency):** the vendor does not document idempotency of `merchantOrderNo`.
    We treat it as the idempotency key: the SDK generates it once per logical operation
    (a caller-supplied value wins) and reuses it on every retry. Its alphabet
    `^[A-Za-z0-9_-]{20,40}$` is our decision; the vendor only states length 20..40.

    **D22 (reconciliation):** when an attempt may have landed (its answer was lost or
    timed out, or a 5xx came back), no later answer is reported as a definite failure: a
    `-1` duplicate answer or a 429 on a retry usually means the first attempt landed. The
    SDK then looks the key up with `listWorkOrders` filtered by `merchantOrderNo`, within
    the call's deadline (on by default): found means the write succeeded and that order is
    returned; not found, or the lookup failing, is "outcome unknown" (resubmit with the
    same key), never "failed".

    **D4:** HTTP 200 with `success: false` is a business error.

    Path is inferred from the vendor's naming pattern (D13).

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
    response: Response[WorkOrderEnvelope] = await transport.send(request, WorkOrderEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: SubmitWorkOrderRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> WorkOrderEnvelope:
    """Submit a work order: only the parsed answer."""
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
    response: Response[WorkOrderEnvelope] = await transport.send(request, WorkOrderEnvelope)
    return response.parsed
