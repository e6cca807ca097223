# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""listMobileAreaCodes: List mobile area (dialling) codes"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.mobile_area_code_list_envelope import MobileAreaCodeListEnvelope
from ...models.mobile_area_code_list_request import MobileAreaCodeListRequest
from ...models.platform import Platform
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="listMobileAreaCodes",
    method="POST",
    path="/api/v2.1/fincard/virtual/common/mobileAreaCode",
    family="finhub",
    auth="bearer",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: MobileAreaCodeListRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `listMobileAreaCodes` without sending it."""
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
    body: MobileAreaCodeListRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[MobileAreaCodeListEnvelope]:
    """List mobile area (dialling) codes

    Returns dialling codes with the country they belong to (`areaCode`, alpha-2), the
    language of `name`, and whether global transfer is enabled. Request body is empty.

    Path is inferred from the vendor's naming pattern (D13). Cacheable (D14).

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
    response: Response[MobileAreaCodeListEnvelope] = await transport.send(
        request, MobileAreaCodeListEnvelope
    )
    return response


async def asyncio(
    *,
    transport: Transport,
    body: MobileAreaCodeListRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> MobileAreaCodeListEnvelope:
    """List mobile area (dialling) codes: only the parsed answer."""
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
    response: Response[MobileAreaCodeListEnvelope] = await transport.send(
        request, MobileAreaCodeListEnvelope
    )
    return response.parsed
