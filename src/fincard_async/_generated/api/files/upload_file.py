# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""uploadFile: Upload a file (jpg, png or pdf, at most 2 MB)"""

from __future__ import annotations

from ...client import Operation, PreparedRequest, Transport
from ...models.platform import Platform
from ...models.upload_file_envelope import UploadFileEnvelope
from ...models.upload_file_form import UploadFileForm
from ...types import File, Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="uploadFile",
    method="POST",
    path="/api/v2.1/fincard/virtual/common/file/upload",
    family="finhub",
    auth="bearer",
    multipart=True,
)


def build_request(
    *,
    transport: Transport,
    body: UploadFileForm,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> PreparedRequest:
    """Build the request for `uploadFile` without sending it."""
    headers: dict[str, str] = {}
    headers["X-Tenant-ID"] = str(x_tenant_id)
    headers["X-Forwarded-For"] = str(x_forwarded_for)
    headers["X-Forwarded-From"] = str(x_forwarded_from)
    headers["platform"] = str(platform)
    headers["deviceId"] = str(device_id)
    fields: list[tuple[str, str | File]] = []
    fields.append(("category", str(body.category)))
    fields.append(("file", body.file))
    return PreparedRequest(operation=OPERATION, headers=headers, multipart=fields)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: UploadFileForm,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> Response[UploadFileEnvelope]:
    """Upload a file (jpg, png or pdf, at most 2 MB)

    Uploads one file as `multipart/form-data`. `category` is required; the only documented
    value is `card`. `file` is required: a jpg, png or pdf of **at most 2 MB** (raw bytes;
    this is a multipart upload, not base64). The SDK checks type and size before sending.

    The answer's `data.fileId` (UUID) is what cardholder KYC and work orders
    (`SubmitWorkOrderRequest.files`) refer to later.

    Path is inferred from the vendor's naming pattern (D13). Uploads are not idempotent:
    a retry after a timeout may store the file twice (harmless, a new `fileId`).

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
    response: Response[UploadFileEnvelope] = await transport.send(request, UploadFileEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: UploadFileForm,
    x_tenant_id: str,
    x_forwarded_for: str,
    x_forwarded_from: str,
    platform: Platform,
    device_id: str,
) -> UploadFileEnvelope:
    """Upload a file (jpg, png or pdf, at most 2 MB): only the parsed answer."""
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
    response: Response[UploadFileEnvelope] = await transport.send(request, UploadFileEnvelope)
    return response.parsed
