# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""listCardTypes: List the merchant's card types (v5)"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.card_type_list_envelope import CardTypeListEnvelope
from ...models.card_type_list_request import CardTypeListRequest
from ...models.hyper_card_api_version import HyperCardApiVersion
from ...models.hyper_card_lang import HyperCardLang
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="listCardTypes",
    method="POST",
    path="/v5/openapi/card/list",
    family="hypercard",
    auth="signature",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: CardTypeListRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> PreparedRequest:
    """Build the request for `listCardTypes` without sending it."""
    headers: dict[str, str] = {}
    headers["version"] = str(version)
    if lang is not None:
        headers["lang"] = str(lang)
    json_body: Any = transport.converter.unstructure(body)
    return PreparedRequest(operation=OPERATION, headers=headers, json=json_body)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: CardTypeListRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> Response[CardTypeListEnvelope]:
    """List the merchant's card types (v5)

    Returns the card types the merchant may issue, optionally one `card_type_id`.
    `applyCard` depends on `apply_type`, `doc_type`, `need_poa`, `support_poa_type`,
    `kyc_country_limit_short` and `kyc_nationality_limit_short`.

    **D12:** the vendor warns that new fields appear over time; clients must ignore unknown
    ones. Observed answers mix integers and numeric strings for the same field and carry
    comma lists (sometimes JSON-array text) in strings: the SDK parses them leniently.

    **D8:** errors arrive as HTTP 200 with a non-`"00000"` code. Read-only, so `B*`/`C*`
    errors may be retried.

    Args:
        transport: sends the request (``fincard_async`` supplies one with auth and retries).
        body: the request body.
        version: header `version`. HyperCard API version (`version` header).
        lang: header `lang`. HyperCard answer language (`lang` header); `en` is the default.

    Returns:
        The success answer with status, headers and request id. Errors are raised by the
        transport, never returned.
    """
    request = build_request(
        transport=transport,
        body=body,
        version=version,
        lang=lang,
    )
    response: Response[CardTypeListEnvelope] = await transport.send(request, CardTypeListEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: CardTypeListRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> CardTypeListEnvelope:
    """List the merchant's card types (v5): only the parsed answer."""
    # sends itself rather than awaiting asyncio_detailed: one coroutine less per call
    request = build_request(
        transport=transport,
        body=body,
        version=version,
        lang=lang,
    )
    response: Response[CardTypeListEnvelope] = await transport.send(request, CardTypeListEnvelope)
    return response.parsed
