# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""applyCard: Apply for a card (basic mode, v4)"""

from __future__ import annotations

from typing import Any

from ...client import Operation, PreparedRequest, Transport
from ...models.card_apply_envelope import CardApplyEnvelope
from ...models.card_apply_request import CardApplyRequest
from ...models.hyper_card_api_version import HyperCardApiVersion
from ...models.hyper_card_lang import HyperCardLang
from ...types import Response

__all__ = ["OPERATION", "asyncio", "asyncio_detailed", "build_request"]

OPERATION = Operation(
    operation_id="applyCard",
    method="POST",
    path="/v4/openapi/card/apply",
    family="hypercard",
    auth="signature",
    multipart=False,
)


def build_request(
    *,
    transport: Transport,
    body: CardApplyRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> PreparedRequest:
    """Build the request for `applyCard` without sending it."""
    headers: dict[str, str] = {}
    headers["version"] = str(version)
    if lang is not None:
        headers["lang"] = str(lang)
    json_body: Any = transport.converter.unstructure(body)
    return PreparedRequest(operation=OPERATION, headers=headers, json=json_body)


async def asyncio_detailed(
    *,
    transport: Transport,
    body: CardApplyRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> Response[CardApplyEnvelope]:
    """Apply for a card (basic mode, v4)

    Applies for a card of a given card type with the cardholder's KYC data. Use this
    endpoint when the card type's `apply_type` is 1 (basic). The answer is the envelope
    only (`data` is not specified).

    **Before sending** the SDK checks the conditional rules listed in
    `CardApplyKycInfo` (`x-fincard-rules`) against the card type from `listCardTypes`.

    **D6 (idempotency):** `mc_trade_no` is generated once per logical application and
    reused on every retry. **D8:** errors arrive as HTTP 200 with a non-`"00000"` code;
    `A0005` (duplicated request) means the `mc_trade_no` was already used and is never
    retried blindly; `A0002` is re-signed and retried once.

    **D23 (A0005 after an uncertain attempt):** there is no lookup by `mc_trade_no` in our
    scope. An `A0005` on a retry that follows an attempt of the same key that may have
    landed (lost answer, timeout, 5xx) means "probably ours": the SDK reports outcome
    unknown with the key, never a plain duplicate. On a first attempt it stays a duplicate.

    **D9:** image sizes are measured on the base64 text as sent.

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
    response: Response[CardApplyEnvelope] = await transport.send(request, CardApplyEnvelope)
    return response


async def asyncio(
    *,
    transport: Transport,
    body: CardApplyRequest,
    version: HyperCardApiVersion,
    lang: HyperCardLang | None = None,
) -> CardApplyEnvelope:
    """Apply for a card (basic mode, v4): only the parsed answer."""
    # sends itself rather than awaiting asyncio_detailed: one coroutine less per call
    request = build_request(
        transport=transport,
        body=body,
        version=version,
        lang=lang,
    )
    response: Response[CardApplyEnvelope] = await transport.send(request, CardApplyEnvelope)
    return response.parsed
