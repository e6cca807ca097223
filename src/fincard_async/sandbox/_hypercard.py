"""HyperCard open API: signed requests, card types and card applications.

Every call passes the same gate, in this order: a known ``api-key`` (``A0007``), a
``signature`` that verifies over the canonical string of the headers and the exact body
bytes (``A0001``), a ``timestamp`` within the window (``A0002``), a fresh ``nonce`` and a
``version`` (``A0000``), then the OpenAPI request check (``A0003``). Errors are HTTP 200.

The canonical string comes from :mod:`fincard_async._signing`, the same code the client
signs with, so the sandbox never carries a second copy of the rule.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Final

import attrs
import orjson
from aiohttp import web

from .._exceptions import ValidationError
from .._signing import canonical_string, verify
from ._card_types import CardTypeRules
from ._kyc_rules import application_errors
from ._responses import HyperCardFailure, hypercard_envelope, hypercard_error, json_response
from ._runtime import RUNTIME, Handler, Runtime
from ._state import CardApplication

__all__ = ["HYPERCARD_HANDLERS", "HyperCardCall", "hypercard_operation"]

_NONCE: Final = re.compile(r"^[A-Za-z0-9]{10}$")
_SUPPORTED_VERSION: Final = "1.0"

HYPERCARD_HANDLERS: dict[str, Handler] = {}


@attrs.frozen(kw_only=True)
class HyperCardCall:
    """An admitted HyperCard request: the merchant and the parsed body."""

    api_key: str
    body: dict[str, Any]


HyperCardLogic = Callable[[Runtime, HyperCardCall], Awaitable[web.Response]]


def hypercard_operation(operation_id: str) -> Callable[[HyperCardLogic], HyperCardLogic]:
    """Register ``logic`` as the handler of a HyperCard operation, behind the common gate."""

    def register(logic: HyperCardLogic) -> HyperCardLogic:
        async def handler(request: web.Request) -> web.StreamResponse:
            runtime = request.app[RUNTIME]
            try:
                call = await _admit(request, runtime)
                return await logic(runtime, call)
            except HyperCardFailure as failure:
                return hypercard_error(failure.code, failure.msg)

        HYPERCARD_HANDLERS[operation_id] = handler
        return logic

    return register


async def _admit(request: web.Request, runtime: Runtime) -> HyperCardCall:
    raw = await request.read()
    api_key = request.headers.get("api-key", "").strip()
    public_key = runtime.merchant_keys.get(api_key)
    if public_key is None:
        raise HyperCardFailure("A0007", "insufficient privileges: unknown api-key")
    signature = request.headers.get("signature", "").strip()
    if not signature:
        raise HyperCardFailure("A0001", "signature error: missing signature header")
    try:
        canonical = canonical_string(request.headers, raw, nested_writer=runtime.nested_writer)
    except ValidationError as exc:
        raise HyperCardFailure("A0003", f"parameter error: {exc.violations[0].message}") from None
    if not verify(canonical, signature, public_key):
        raise HyperCardFailure("A0001", "signature error")
    _check_timestamp(request.headers.get("timestamp", ""), runtime)
    _check_nonce_and_version(request, runtime, api_key)
    errors = runtime.contract.request_errors(
        request.path, request.headers, raw, request.headers.get("Content-Type", "")
    )
    if errors:
        raise HyperCardFailure("A0003", "parameter error: " + "; ".join(errors))
    return HyperCardCall(api_key=api_key, body=orjson.loads(raw))


def _check_timestamp(value: str, runtime: Runtime) -> None:
    if not value.strip().isdigit():
        raise HyperCardFailure("A0002", "timestamp error: Unix seconds required")
    window = runtime.config.timestamp_window_seconds
    if abs(runtime.clock.now() - int(value)) > window:
        raise HyperCardFailure("A0002", f"timestamp error: more than {window} s from server time")


def _check_nonce_and_version(request: web.Request, runtime: Runtime, api_key: str) -> None:
    if request.headers.get("version") is None:
        raise HyperCardFailure("A0000", "client error: missing header version")
    nonce = request.headers.get("nonce", "")
    if not _NONCE.fullmatch(nonce):
        raise HyperCardFailure("A0000", "client error: nonce must be 10 characters [A-Za-z0-9]")
    window = runtime.config.timestamp_window_seconds
    if not runtime.state.use_nonce(api_key, nonce, now=runtime.clock.now(), window=window):
        raise HyperCardFailure("A0000", "client error: nonce already used")


def _ok(data: Any) -> web.Response:
    return json_response(hypercard_envelope("00000", "ok", data))


@hypercard_operation("listCardTypes")
async def _list_card_types(runtime: Runtime, call: HyperCardCall) -> web.Response:
    wanted = call.body.get("card_type_id")
    chosen = [
        dict(raw)
        for raw in runtime.config.card_types
        if wanted in (None, "") or str(raw.get("card_type_id")) == wanted
    ]
    return _ok(chosen)


def _card_type(runtime: Runtime, body: dict[str, Any]) -> CardTypeRules:
    base = body.get("base_info")
    card_type_id = base.get("card_type_id") if isinstance(base, dict) else None
    card_type = runtime.card_types.get(str(card_type_id))
    if card_type is None:
        raise HyperCardFailure("A0003", f"base_info.card_type_id: unknown card type {card_type_id}")
    if not card_type.active:
        raise HyperCardFailure("A0000", f"card type {card_type_id} is not available")
    if card_type.apply_type != 1:
        raise HyperCardFailure(
            "A0000",
            f"card type {card_type_id} uses apply_type {card_type.apply_type}: not this endpoint",
        )
    return card_type


@hypercard_operation("applyCard")
async def _apply_card(runtime: Runtime, call: HyperCardCall) -> web.Response:
    body = call.body
    trade_no = body.get("mc_trade_no")
    if not isinstance(trade_no, str) or not 1 <= len(trade_no) <= 64:
        raise HyperCardFailure("A0003", "mc_trade_no: 1..64 characters required")
    if (call.api_key, trade_no) in runtime.state.applications:
        raise HyperCardFailure("A0005", "duplicated request: mc_trade_no already used")
    card_type = _card_type(runtime, body)
    pattern = runtime.address_patterns.get(card_type.card_type_id)
    errors = application_errors(body, card_type, pattern)
    if errors:
        raise HyperCardFailure("A0003", "parameter error: " + "; ".join(errors))
    runtime.state.applications[(call.api_key, trade_no)] = CardApplication(
        mc_trade_no=trade_no,
        api_key=call.api_key,
        card_type_id=card_type.card_type_id,
        status="processing",
        created_at=runtime.clock.now(),
        body=body,
    )
    return _ok({"mc_trade_no": trade_no, "status": "processing"})
