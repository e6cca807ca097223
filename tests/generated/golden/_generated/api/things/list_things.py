# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""listThings: List things"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.lang import Lang
from ...models.thing import Thing
from ...models.thing_page import ThingPage
from ...models.thing_query import ThingQuery
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="listThings",
    method="POST",
    path="/api/things/list",
    family="finhub",
    auth="bearer",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: ThingQuery,
    x_tenant_id: str,
    lang: Lang | None = None,
) -> PreparedRequest:
    """Build the request for `listThings` without sending it."""
    headers: dict[str, str] = {}
    headers["X-Tenant-ID"] = str(x_tenant_id)
    if lang is not None:
        headers["lang"] = str(lang)
    json_body: Any = transport.converter.unstructure(body)
    return PreparedRequest(operation=OPERATION, headers=headers, json=json_body)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: ThingQuery,
    x_tenant_id: str,
    lang: Lang | None = None,
) -> Response[Thing | ThingPage]:
    """List things

    A FinHub-style read.

    Args:
        transport: sends the request (``fincard_async`` supplies one with auth and retries).
        body: the request body.
        x_tenant_id: header `X-Tenant-ID`.
        lang: header `lang`.

    Returns:
        The success answer with status, headers and request id. Errors are raised by the
        transport, never returned.
    """
    request = build_request(
        transport=transport,
        body=body,
        x_tenant_id=x_tenant_id,
        lang=lang,
    )
    response: Response[Thing | ThingPage] = await transport.send(request, Thing | ThingPage)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: ThingQuery,
    x_tenant_id: str,
    lang: Lang | None = None,
) -> Thing | ThingPage:
    """List things: only the parsed answer."""
    # sends itself rather than awaiting asyncio_detailed: one coroutine less per call
    request = build_request(
        transport=transport,
        body=body,
        x_tenant_id=x_tenant_id,
        lang=lang,
    )
    response: Response[Thing | ThingPage] = await transport.send(request, Thing | ThingPage)
    return response.parsed
