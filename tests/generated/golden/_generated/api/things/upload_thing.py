# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""uploadThing: Upload"""

from __future__ import annotations

from ...client import Operation, PreparedRequest, Transport
from ...models.thing import Thing
from ...models.upload_thing_body import UploadThingBody
from ...types import File, Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="uploadThing",
    method="POST",
    path="/v9/upload",
    family="hypercard",
    auth="signature",
    multipart=True,
)


def build_request(
    *,
    transport: Transport,
    body: UploadThingBody,
) -> PreparedRequest:
    """Build the request for `uploadThing` without sending it."""
    headers: dict[str, str] = {}
    fields: list[tuple[str, str | File]] = []
    fields.append(("file", body.file))
    fields.append(("kind", str(body.kind)))
    if body.note is not None:
        fields.append(("note", str(body.note)))
    return PreparedRequest(operation=OPERATION, headers=headers, multipart=fields)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: UploadThingBody,
) -> Response[Thing]:
    """Upload

    A HyperCard-style multipart write.

    Args:
        transport: sends the request (``fincard_async`` supplies one with auth and retries).
        body: the request body.

    Returns:
        The success answer with status, headers and request id. Errors are raised by the
        transport, never returned.
    """
    request = build_request(
        transport=transport,
        body=body,
    )
    response: Response[Thing] = await transport.send(request, Thing)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: UploadThingBody,
) -> Thing:
    """Upload: only the parsed answer."""
    # sends itself rather than awaiting asyncio_detailed: one coroutine less per call
    request = build_request(
        transport=transport,
        body=body,
    )
    response: Response[Thing] = await transport.send(request, Thing)
    return response.parsed
