# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""login: Log in and obtain a bearer token"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.login_envelope import LoginEnvelope
from ...models.login_request import LoginRequest
from ...models.login_result import LoginResult
from ...models.platform import Platform
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="login",
    method="POST",
    path="/api/auth/login",
    family="finhub",
    auth="none",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: LoginRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `login` without sending it."""
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
    body: LoginRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[LoginEnvelope | LoginResult]:
    """Log in and obtain a bearer token

    Exchanges tenant credentials for a bearer token that lives one hour (`expiresIn`,
    seconds). There is no refresh endpoint: log in again before expiry.

    **D1:** the vendor shows the answer without the envelope; we accept both the bare
    `LoginResult` and the `LoginEnvelope` form (`LoginResponse` is a `oneOf`).

    **D2:** the SDK refreshes ahead of expiry with a skew margin, on a 401 logs in once more
    and replays the failed request once, and lets concurrent callers share one login in
    flight.

    Login needs no token (`security: []`) but still takes the FinHub context headers (D3).

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
    response: Response[LoginEnvelope | LoginResult] = await transport.send(
        request, LoginEnvelope | LoginResult
    )
    return response


async def asyncio(
    *,
    transport: Transport,
    body: LoginRequest,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> LoginEnvelope | LoginResult:
    """Log in and obtain a bearer token: only the parsed answer."""
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
    response: Response[LoginEnvelope | LoginResult] = await transport.send(
        request, LoginEnvelope | LoginResult
    )
    return response.parsed
