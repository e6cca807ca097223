"""The aiohttp application: route table, middlewares and the admin endpoints.

Middlewares, outermost first: the request id, fault injection (faulty answers are off the
contract on purpose and are not checked), then the contract check of every answer. An
answer the OpenAPI document does not allow becomes a loud HTTP 500 "sandbox contract
violation", logged at ERROR and recorded for the tests.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Mapping
from typing import Any, Final

import attrs
import orjson
from aiohttp import web

from . import _work_orders  # noqa: F401  (registers the work order handlers)
from ._contract import ContractViolation
from ._faults import (
    AFTER_COMMIT,
    FaultRule,
    execute_fault,
    fault_rule_from_mapping,
    finish_after_commit,
)
from ._finhub import FINHUB_HANDLERS, expire_caller_token
from ._hypercard import HYPERCARD_HANDLERS
from ._operations import OPERATIONS, Operation, operation_named
from ._responses import finhub_error, hypercard_error, json_response
from ._runtime import RUNTIME, Handler, Runtime

__all__ = ["ADMIN_PREFIX", "REQUEST_ID_HEADER", "build_app"]

logger = logging.getLogger("fincard_async.sandbox")

ADMIN_PREFIX: Final = "/_sandbox"
REQUEST_ID_HEADER: Final = "X-Request-Id"
_REQUEST_ID = web.RequestKey("fincard_request_id", str)
# Uploads are at most 2 MB and KYC bodies carry several base64 images: leave room, so that
# oversized payloads get the API's own answer rather than aiohttp's 413.
_CLIENT_MAX_SIZE: Final = 64 * 1024 * 1024


def build_app(runtime: Runtime) -> web.Application:
    """Build the application serving both API families and the admin endpoints."""
    app = web.Application(
        middlewares=[_request_id_middleware, _fault_middleware, _contract_middleware],
        client_max_size=_CLIENT_MAX_SIZE,
    )
    app[RUNTIME] = runtime
    handlers: dict[str, Handler] = {**FINHUB_HANDLERS, **HYPERCARD_HANDLERS}
    for operation in OPERATIONS:
        app.router.add_post(
            operation.path, handlers[operation.operation_id], name=operation.operation_id
        )
    app.router.add_get(f"{ADMIN_PREFIX}/health", _health)
    app.router.add_get(f"{ADMIN_PREFIX}/faults", _list_faults)
    app.router.add_post(f"{ADMIN_PREFIX}/faults", _add_faults)
    app.router.add_delete(f"{ADMIN_PREFIX}/faults", _clear_faults)
    app.router.add_post(f"{ADMIN_PREFIX}/clock", _advance_clock)
    app.router.add_get(f"{ADMIN_PREFIX}/violations", _list_violations)
    app.router.add_get(f"{ADMIN_PREFIX}/state", _state_summary)
    app.router.add_delete(f"{ADMIN_PREFIX}/tokens", _expire_tokens)
    app.on_response_prepare.append(_stamp_request_id)
    return app


def _operation_of(request: web.Request) -> Operation | None:
    name = request.match_info.route.name
    if name is None:
        return None
    try:
        return operation_named(name)
    except KeyError:
        return None


@web.middleware
async def _request_id_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    request[_REQUEST_ID] = uuid.uuid4().hex
    return await handler(request)


async def _stamp_request_id(request: web.Request, response: web.StreamResponse) -> None:
    request_id = request.get(_REQUEST_ID) or uuid.uuid4().hex
    response.headers.setdefault(REQUEST_ID_HEADER, request_id)


@web.middleware
async def _fault_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    operation = _operation_of(request)
    if operation is None:
        return await handler(request)
    after_commit: FaultRule | None = None
    for rule in request.app[RUNTIME].faults.select(operation.operation_id):
        if rule.kind in AFTER_COMMIT:
            after_commit = rule
            continue
        try:
            answer = await execute_fault(
                rule, request, operation.family, expire_token=expire_caller_token
            )
        except ConnectionError:
            return _client_gone(operation)
        if answer is not None:
            return answer
    answer = await handler(request)
    if after_commit is None:
        return answer
    return await finish_after_commit(after_commit, request, answer)


@web.middleware
async def _contract_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    operation = _operation_of(request)
    if operation is None:
        return await handler(request)
    runtime = request.app[RUNTIME]
    try:
        response = await handler(request)
    except web.HTTPException:
        raise
    except ConnectionError:
        return _client_gone(operation)
    except Exception as exc:
        logger.exception("sandbox internal error in %s", operation.operation_id)
        errors: tuple[str, ...] = (f"sandbox internal error: {type(exc).__name__}: {exc}",)
        return _violation(request, runtime, operation, 500, errors)
    if not isinstance(response, web.Response) or not runtime.config.validate_contract:
        return response
    errors = runtime.contract.answer_errors(
        request.path, response.status, _body_bytes(response), response.content_type
    )
    if errors:
        return _violation(request, runtime, operation, response.status, errors)
    return response


def _client_gone(operation: Operation) -> web.Response:
    # the client left (its timeout ran out during a delay fault): not the sandbox's fault,
    # and nobody will read an answer, which aiohttp drops quietly
    logger.debug("client gone during %s", operation.operation_id)
    return web.Response(status=499)


def _body_bytes(response: web.Response) -> bytes:
    body = response.body
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    return response.text.encode("utf-8") if response.text is not None else b""


def _violation(
    request: web.Request,
    runtime: Runtime,
    operation: Operation,
    status: int,
    errors: tuple[str, ...],
) -> web.Response:
    violation = ContractViolation(
        operation=operation.operation_id,
        status=status,
        errors=errors,
        request_id=request.get(_REQUEST_ID),
    )
    runtime.record_violation(violation)
    logger.error("sandbox contract violation: %s", violation)
    msg = f"sandbox contract violation: {'; '.join(errors)}"
    headers = {"X-Sandbox-Contract-Violation": "1"}
    if operation.family == "finhub":
        return finhub_error(500, 500, msg, headers=headers)
    return hypercard_error("B0000", msg, status=500, headers=headers)


# -- admin endpoints ------------------------------------------------------------------------
async def _health(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


def _rules_payload(rules: tuple[FaultRule, ...]) -> dict[str, Any]:
    return {"rules": [attrs.asdict(rule) for rule in rules]}


async def _list_faults(request: web.Request) -> web.Response:
    return json_response(_rules_payload(request.app[RUNTIME].faults.rules))


async def _add_faults(request: web.Request) -> web.Response:
    faults = request.app[RUNTIME].faults
    try:
        payload = orjson.loads(await request.read())
        items = payload.get("rules", []) if isinstance(payload, dict) else payload
        if isinstance(payload, dict) and "kind" in payload:
            items = [payload]
        rules = [fault_rule_from_mapping(item) for item in items]
    except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError) as exc:
        return json_response({"error": f"bad fault rules: {exc}"}, status=400)
    if isinstance(payload, dict) and payload.get("clear"):
        faults.clear()
    for rule in rules:
        faults.add(rule)
    return json_response(_rules_payload(faults.rules))


async def _clear_faults(request: web.Request) -> web.Response:
    request.app[RUNTIME].faults.clear()
    return json_response({"rules": []})


async def _advance_clock(request: web.Request) -> web.Response:
    clock = request.app[RUNTIME].clock
    try:
        payload = orjson.loads(await request.read())
        clock.advance(float(payload["advance"]))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        return json_response({"error": f"expected {{'advance': seconds}}: {exc}"}, status=400)
    return json_response({"now": clock.now()})


async def _list_violations(request: web.Request) -> web.Response:
    violations = request.app[RUNTIME].violations
    return json_response({"violations": [_violation_payload(v) for v in violations]})


def _violation_payload(violation: ContractViolation) -> dict[str, Any]:
    return attrs.asdict(violation)


async def _state_summary(request: web.Request) -> web.Response:
    """What a test outside the process needs to check writes: keys and unique fields."""
    runtime = request.app[RUNTIME]
    state = runtime.state
    orders = [
        {"tenantId": o.tenant_id, "merchantOrderNo": o.merchant_order_no, "target": o.target}
        for o in state.work_orders.values()
    ]
    applications = [
        {"mcTradeNo": a.mc_trade_no, "email": _email_of(a.body)}
        for a in state.applications.values()
    ]
    # token values are credentials: only short digests, enough to tell new tokens from old
    tokens = [hashlib.sha256(value.encode()).hexdigest()[:16] for value in state.tokens]
    return json_response(
        {
            "workOrders": orders,
            "applications": applications,
            "tokens": tokens,
            "violations": len(runtime.violations),
        }
    )


def _email_of(body: Mapping[str, Any]) -> Any:
    base = body.get("base_info")
    return base.get("email") if isinstance(base, Mapping) else None


async def _expire_tokens(request: web.Request) -> web.Response:
    request.app[RUNTIME].state.expire_all_tokens()
    return json_response({"tokens": []})
