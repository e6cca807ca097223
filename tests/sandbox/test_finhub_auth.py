"""FinHub gate: login, required headers, bearer tokens and their expiry."""

from __future__ import annotations

import uuid

import orjson
import pytest

from fincard_async.sandbox import Sandbox

from .helpers import FinHub


async def test_login_answers_a_token_in_the_envelope(finhub: FinHub) -> None:
    answer = await finhub.login()

    assert answer.status == 200
    assert answer.body["success"] is True
    assert answer.body["code"] == 200
    data = answer.body["data"]
    assert data["tokenType"] == "Bearer"
    assert data["expiresIn"] == 3600
    assert len(data["accessToken"]) >= 32


@pytest.mark.fincard_sandbox(login_envelope=False, token_ttl_seconds=120)
async def test_login_can_answer_the_bare_form(finhub: FinHub) -> None:
    answer = await finhub.login()

    assert answer.status == 200
    assert set(answer.body) == {"accessToken", "tokenType", "expiresIn"}
    assert answer.body["expiresIn"] == 120


@pytest.mark.parametrize(
    "overrides",
    [{"password": "wrong"}, {"email": "nobody@example.com"}, {"tenantId": "other-tenant"}],
)
async def test_bad_credentials_answer_401(finhub: FinHub, overrides: dict[str, str]) -> None:
    answer = await finhub.login(**overrides)

    assert answer.status == 401
    assert answer.body == {
        "success": False,
        "code": 401,
        "msg": "invalid credentials",
        "data": None,
    }


async def test_each_answer_carries_a_request_id(finhub: FinHub) -> None:
    first = await finhub.login()
    second = await finhub.login(password="wrong")

    ids = {first.headers["X-Request-Id"], second.headers["X-Request-Id"]}
    assert len(ids) == 2
    assert all(uuid.UUID(hex=value).hex == value for value in ids)


@pytest.mark.parametrize(
    "header", ["X-Tenant-ID", "X-Forwarded-For", "X-Forwarded-From", "platform", "deviceId"]
)
@pytest.mark.parametrize("operation", ["login", "listRegions"])
async def test_a_missing_header_answers_400_with_code_500(
    finhub: FinHub, header: str, operation: str
) -> None:
    await finhub.login()
    headers = finhub.headers()
    del headers[header]
    body = b"{}" if operation != "login" else b'{"email":"a@b.co","password":"x","tenantId":"t"}'

    answer = await finhub.raw(operation, body, headers)

    assert answer.status == 400
    assert answer.body["success"] is False
    assert answer.body["code"] == 500
    assert header in answer.body["msg"]


@pytest.mark.parametrize(
    ("header", "value"), [("platform", "desktop"), ("X-Forwarded-For", "not-an-ip")]
)
async def test_an_invalid_context_header_answers_400(
    finhub: FinHub, header: str, value: str
) -> None:
    answer = await finhub.call("listRegions", {}, **{header: value})

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert header in answer.body["msg"]


async def test_a_json_operation_refuses_another_content_type(finhub: FinHub) -> None:
    await finhub.login()
    headers = finhub.headers({"Content-Type": "text/plain"})

    answer = await finhub.raw("listRegions", b"{}", headers)

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "application/json" in answer.body["msg"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]"])
async def test_a_body_that_is_not_a_json_object_answers_400(finhub: FinHub, body: bytes) -> None:
    await finhub.login()

    answer = await finhub.raw("listRegions", body, finhub.headers())

    assert (answer.status, answer.body["code"]) == (400, 500)


async def test_a_missing_token_answers_401(finhub: FinHub) -> None:
    answer = await finhub.raw("listRegions", b"{}", finhub.headers(token=False))

    assert answer.status == 401
    assert answer.body["code"] == 401
    assert answer.body["success"] is False


async def test_an_unknown_token_answers_401(finhub: FinHub) -> None:
    finhub.token = "forged-token"

    answer = await finhub.call("listRegions")

    assert (answer.status, answer.body["code"]) == (401, 401)
    assert "invalid token" in answer.body["msg"]


async def test_a_token_expires_when_the_clock_passes_expires_in(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.advance(3599)
    assert (await finhub.call("listRegions")).status == 200

    fincard_sandbox.advance(1)
    answer = await finhub.call("listRegions")

    assert (answer.status, answer.body["code"]) == (401, 401)
    assert "expired" in answer.body["msg"]
    assert await finhub.login()  # a new login works again
    assert (await finhub.call("listRegions")).status == 200


async def test_the_tenant_header_must_match_the_token(finhub: FinHub) -> None:
    await finhub.login()

    answer = await finhub.call("listRegions", {}, **{"X-Tenant-ID": "another-tenant"})

    assert (answer.status, answer.body["code"]) == (401, 401)
    assert "X-Tenant-ID" in answer.body["msg"]


async def test_login_checks_the_tenant_header_against_the_body(finhub: FinHub) -> None:
    credentials = finhub.sandbox.credentials
    body = orjson.dumps(
        {"email": credentials.email, "password": credentials.password, "tenantId": "tenant-demo"}
    )

    answer = await finhub.raw("login", body, finhub.headers({"X-Tenant-ID": "other"}))

    assert answer.status == 401


async def test_a_request_that_breaks_the_schema_answers_400(finhub: FinHub) -> None:
    answer = await finhub.call("listRegions", {"unexpected": 1})

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "unexpected" in answer.body["msg"]
