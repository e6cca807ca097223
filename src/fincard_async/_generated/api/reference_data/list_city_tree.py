# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""listCityTree: List cities as a province/state tree"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.city_tree_envelope import CityTreeEnvelope
from ...models.city_tree_request import CityTreeRequest
from ...models.platform import Platform
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="listCityTree",
    method="POST",
    path="/api/v2.1/fincard/virtual/common/v2/city",
    family="finhub",
    auth="bearer",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: CityTreeRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `listCityTree` without sending it."""
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
    body: CityTreeRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[CityTreeEnvelope]:
    """List cities as a province/state tree

    Returns provinces/states at the root (`parentCode` is `"0"`) with their cities in
    `children`. Two levels in practice; the schema is recursive (`CityNode`).

    Cacheable like the other reference lists (D14).

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
    response: Response[CityTreeEnvelope] = await transport.send(request, CityTreeEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: CityTreeRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> CityTreeEnvelope:
    """List cities as a province/state tree: only the parsed answer."""
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
    response: Response[CityTreeEnvelope] = await transport.send(request, CityTreeEnvelope)
    return response.parsed
