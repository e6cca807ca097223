"""FinHub "FinCard Virtual": the request pipeline, login, reference data and uploads.

Every FinHub call goes through the same gate, in this order, so that error codes match the
reference: required headers (HTTP 400, code 500), Content-Type (400/500), the bearer token
and its tenant (HTTP 401, code 401), a JSON-object body (400/500), then the OpenAPI request
check (400/500 listing every broken rule). Business failures are HTTP 200 with code -1.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import ipaddress
import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import attrs
import orjson
from aiohttp import web

from . import _refdata
from ._faults import wants_duplicate_answer
from ._kyc_rules import file_kind
from ._operations import Operation, operation_named
from ._responses import FinHubFailure, finhub_envelope, finhub_error, finhub_ok, json_response
from ._runtime import RUNTIME, Handler, Runtime
from ._state import StoredFile, Token

__all__ = [
    "FINHUB_HANDLERS",
    "REQUIRED_HEADERS",
    "FinHubCall",
    "expire_caller_token",
    "finhub_operation",
]

REQUIRED_HEADERS: Final = (
    "X-Tenant-ID",
    "X-Forwarded-For",
    "X-Forwarded-From",
    "platform",
    "deviceId",
)
PLATFORMS: Final = frozenset({"web", "ios", "android"})

FINHUB_HANDLERS: dict[str, Handler] = {}


@attrs.frozen(kw_only=True)
class FinHubCall:
    """An admitted FinHub request: its tenant, token (data operations) and parsed body."""

    tenant_id: str
    token: Token | None
    body: dict[str, Any]
    parts: Mapping[str, email.message.Message] = attrs.field(factory=dict)
    # a ``duplicate`` fault fired: a repeated key answers -1 instead of the stored result
    duplicate_answer: bool = False


FinHubLogic = Callable[[Runtime, FinHubCall], Awaitable[web.Response]]


def finhub_operation(operation_id: str) -> Callable[[FinHubLogic], FinHubLogic]:
    """Register ``logic`` as the handler of a FinHub operation, behind the common gate."""
    operation = operation_named(operation_id)

    def register(logic: FinHubLogic) -> FinHubLogic:
        async def handler(request: web.Request) -> web.StreamResponse:
            runtime = request.app[RUNTIME]
            try:
                call = await _admit(request, runtime, operation)
                return await logic(runtime, call)
            except FinHubFailure as failure:
                return finhub_error(failure.status, failure.code, failure.msg)

        FINHUB_HANDLERS[operation_id] = handler
        return logic

    return register


def _bad_request(msg: str) -> FinHubFailure:
    return FinHubFailure(400, 500, msg)


def _unauthorized(msg: str) -> FinHubFailure:
    return FinHubFailure(401, 401, msg)


async def _admit(request: web.Request, runtime: Runtime, operation: Operation) -> FinHubCall:
    _check_headers(request)
    multipart = operation.operation_id == "uploadFile"
    _check_content_type(request, multipart=multipart)
    token = _check_token(request, runtime) if operation.needs_token else None
    raw = await request.read()
    errors = runtime.contract.request_errors(
        request.path, request.headers, raw, request.headers.get("Content-Type", "")
    )
    if multipart:
        parts = _parse_multipart(raw, request.headers.get("Content-Type", ""))
        body: dict[str, Any] = {}
    else:
        parts, body = {}, _json_object(raw)
    if errors:
        raise _bad_request("; ".join(errors))
    return FinHubCall(
        tenant_id=request.headers["X-Tenant-ID"],
        token=token,
        body=body,
        parts=parts,
        duplicate_answer=wants_duplicate_answer(request),
    )


def _check_headers(request: web.Request) -> None:
    for name in REQUIRED_HEADERS:
        if not request.headers.get(name, "").strip():
            raise _bad_request(f"Missing request header '{name}'")
    if request.headers["platform"] not in PLATFORMS:
        raise _bad_request("Invalid request header 'platform': must be web, ios or android")
    first_hop = request.headers["X-Forwarded-For"].split(",")[0].strip()
    try:
        ipaddress.ip_address(first_hop)
    except ValueError:
        raise _bad_request("Invalid request header 'X-Forwarded-For': not an IP address") from None


def _check_content_type(request: web.Request, *, multipart: bool) -> None:
    expected = "multipart/form-data" if multipart else "application/json"
    if request.content_type != expected:
        raise _bad_request(f"Content-Type must be {expected}")


def _check_token(request: web.Request, runtime: Runtime) -> Token:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthorized("unauthorized: missing bearer token")
    token = runtime.state.tokens.get(value.strip())
    if token is None:
        raise _unauthorized("unauthorized: invalid token")
    if token.expires_at <= runtime.clock.now():
        runtime.state.revoke_token(token.value)
        raise _unauthorized("unauthorized: token expired")
    if request.headers["X-Tenant-ID"] != token.tenant_id:
        raise _unauthorized("unauthorized: X-Tenant-ID does not match the token's tenant")
    return token


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _bad_request("malformed JSON body") from None
    if not isinstance(body, dict):
        raise _bad_request("the request body must be a JSON object")
    return body


def _parse_multipart(raw: bytes, content_type: str) -> dict[str, email.message.Message]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        raise _bad_request("malformed multipart body")
    parts: dict[str, email.message.Message] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            parts.setdefault(name, part)
    return parts


def expire_caller_token(request: web.Request) -> None:
    """Revoke the bearer token of this request (the ``expire_token`` fault)."""
    _, _, value = request.headers.get("Authorization", "").partition(" ")
    request.app[RUNTIME].state.revoke_token(value.strip())


# -- login ------------------------------------------------------------------------------------
@finhub_operation("login")
async def _login(runtime: Runtime, call: FinHubCall) -> web.Response:
    body = call.body
    user = next(
        (
            user
            for user in runtime.config.users
            if user.email == body.get("email")
            and user.tenant_id == body.get("tenantId")
            and secrets.compare_digest(user.password, str(body.get("password", "")))
        ),
        None,
    )
    if user is None:
        raise _unauthorized("invalid credentials")
    if call.tenant_id != user.tenant_id:
        raise _unauthorized("X-Tenant-ID does not match tenantId")
    ttl = runtime.config.token_ttl_seconds
    token = runtime.state.issue_token(
        tenant_id=user.tenant_id, email=user.email, expires_at=runtime.clock.now() + ttl
    )
    result = {"accessToken": token.value, "tokenType": "Bearer", "expiresIn": ttl}
    if not runtime.config.login_envelope:
        return json_response(result)
    return json_response(finhub_envelope(success=True, code=200, msg="success", data=result))


# -- reference data ---------------------------------------------------------------------------
@finhub_operation("listRegions")
async def _list_regions(runtime: Runtime, call: FinHubCall) -> web.Response:
    return finhub_ok(_refdata.regions())


def _in_region(nodes: tuple[dict[str, Any], ...], region: Any) -> Any:
    return nodes if region is None else [node for node in nodes if node["country"] == region]


@finhub_operation("listCities")
async def _list_cities(runtime: Runtime, call: FinHubCall) -> web.Response:
    config = runtime.config
    cities = _refdata.city_list(config.city_countries, config.city_tree_size)
    return finhub_ok(_in_region(cities, call.body.get("regionCode")))


@finhub_operation("listCityTree")
async def _list_city_tree(runtime: Runtime, call: FinHubCall) -> web.Response:
    config = runtime.config
    tree = _refdata.city_tree(config.city_countries, config.city_tree_size)
    return finhub_ok(_in_region(tree, call.body.get("regionCode")))


@finhub_operation("listMobileAreaCodes")
async def _list_mobile_area_codes(runtime: Runtime, call: FinHubCall) -> web.Response:
    return finhub_ok(_refdata.mobile_area_codes())


# -- uploads ----------------------------------------------------------------------------------
@finhub_operation("uploadFile")
async def _upload_file(runtime: Runtime, call: FinHubCall) -> web.Response:
    category = _part_text(call.parts, "category")
    file_part = call.parts.get("file")
    if category is None or file_part is None:
        raise _bad_request("category and file are required")
    if category != "card":
        raise _bad_request("category: must be one of ['card']")
    content = file_part.get_payload(decode=True)
    content = content if isinstance(content, bytes) else b""
    limit = runtime.config.upload_max_bytes
    if len(content) > limit:
        raise FinHubFailure(200, -1, f"file size exceeds 2MB (at most {limit} bytes)")
    kind = file_kind(content)
    if kind is None:
        raise FinHubFailure(200, -1, "unsupported file type: jpg, png or pdf (checked by content)")
    stored = StoredFile(
        file_id=str(uuid.uuid4()),
        tenant_id=call.tenant_id,
        category=category,
        kind=kind,
        size=len(content),
        filename=file_part.get_filename(),
        content=content,
        created_ms=runtime.clock.now_ms(),
    )
    runtime.state.files[stored.file_id] = stored
    return finhub_ok({"fileId": stored.file_id})


def _part_text(parts: Mapping[str, email.message.Message], name: str) -> str | None:
    part = parts.get(name)
    if part is None:
        return None
    payload = part.get_payload(decode=True)
    return payload.decode("utf-8", "replace").strip() if isinstance(payload, bytes) else None
