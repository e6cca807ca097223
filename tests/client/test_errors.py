"""Every kind of failure arrives as a typed error with its fields; nothing raw escapes."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

import fincard_async as fa
from fincard_async import FincardClient

from .conftest import FakeApi

REGION = "/api/v2.1/fincard/virtual/common/region"
CARD_LIST = "/v5/openapi/card/list"


def answer(
    payload: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_type: str = "text/html",
) -> Any:
    async def handler(request: web.Request, body: bytes) -> web.Response:
        if isinstance(payload, bytes):
            return web.Response(
                body=payload, status=status, headers=headers, content_type=content_type
            )
        return web.json_response(payload, status=status, headers=headers)

    return handler


def finhub(code: int, msg: str = "nope") -> dict[str, Any]:
    return {"success": False, "code": code, "msg": msg, "data": None}


FINHUB_CASES = [
    (answer(finhub(-1, "region closed")), fa.BusinessError, 200, -1),
    (answer(finhub(500, "missing header deviceId"), 400), fa.InvalidRequestError, 400, 500),
    (answer({"error": "forbidden"}, 403), fa.PermissionDeniedError, 403, None),
    (answer(finhub(-1, "not found"), 404), fa.InvalidRequestError, 404, -1),
]


@pytest.mark.parametrize(("handler", "kind", "status", "code"), FINHUB_CASES)
async def test_finhub_failures_map_to_typed_errors(
    client: FincardClient,
    api: FakeApi,
    handler: Any,
    kind: type[fa.APIStatusError],
    status: int,
    code: Any,
) -> None:
    api.script(REGION, handler)
    with pytest.raises(kind) as caught:
        await client.reference_data.list_regions()
    error = caught.value
    assert type(error) is kind
    assert (error.status_code, error.code, error.operation) == (status, code, "listRegions")
    assert len(api.requests(REGION)) == 1  # none of these is retried


HYPERCARD_CASES = [
    ("A0000", fa.InvalidRequestError),
    ("A0001", fa.SignatureError),
    ("A0003", fa.ParameterError),
    ("A0004", fa.BusinessError),
    ("A0005", fa.DuplicateRequestError),
    ("A0006", fa.InsufficientBalanceError),
    ("A0007", fa.PermissionDeniedError),
    ("Z9999", fa.APIStatusError),
]


@pytest.mark.parametrize(("code", "kind"), HYPERCARD_CASES)
async def test_hypercard_codes_map_to_typed_errors(
    client: FincardClient, api: FakeApi, code: str, kind: type[fa.APIStatusError]
) -> None:
    api.script(CARD_LIST, answer({"code": code, "msg": f"vendor says {code}"}))
    with pytest.raises(kind) as caught:
        await client.cards.list_card_types()
    assert type(caught.value) is kind
    assert caught.value.code == code
    assert caught.value.msg == f"vendor says {code}"
    assert len(api.requests(CARD_LIST)) == 1


@pytest.mark.parametrize("code", ["B0000", "B0001", "C0000"])
async def test_hypercard_server_codes_are_retried_for_reads(
    client: FincardClient, api: FakeApi, code: str
) -> None:
    api.script(CARD_LIST, answer({"code": code, "msg": "later"}), *[answer({"code": code})] * 2)
    with pytest.raises(fa.ServerError):
        await client.cards.list_card_types()
    assert len(api.requests(CARD_LIST)) == 3


async def test_timestamp_error_is_resigned_and_retried_once(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(CARD_LIST, answer({"code": "A0002", "msg": "timestamp"}))
    assert (await client.cards.list_card_types())[0].card_type_id == "CT1"
    api.script(CARD_LIST, *[answer({"code": "A0002", "msg": "timestamp"})] * 2)
    with pytest.raises(fa.TimestampError):
        await client.cards.list_card_types()
    first, second = api.requests(CARD_LIST)[-2:]
    assert first.headers["nonce"] != second.headers["nonce"]


async def test_request_id_is_carried_and_leads_the_message(
    client: FincardClient, api: FakeApi
) -> None:
    api.script(CARD_LIST, answer({"code": "A0003", "msg": "bad"}, headers={"X-Request-Id": "r-42"}))
    with pytest.raises(fa.ParameterError) as caught:
        await client.cards.list_card_types()
    assert caught.value.request_id == "r-42"
    assert str(caught.value).startswith("[request_id=r-42] listCardTypes:")


BAD_BODIES = [
    (answer(b"<html><body>502 Bad Gateway</body></html>", 200), "HTML page"),
    (answer(b'{"code": "000', 200, content_type="application/json"), "not JSON"),
    (answer({"code": "00000", "msg": "ok", "data": [{"apply_type": 1}]}), "card_type_id"),
    (answer({"code": "00000", "msg": "ok", "data": {"not": "a list"}}), "schema"),
    (answer([1, 2, 3]), "schema"),
]


@pytest.mark.parametrize(("handler", "needle"), BAD_BODIES)
async def test_unreadable_answers_are_response_validation_errors(
    client: FincardClient, api: FakeApi, handler: Any, needle: str
) -> None:
    api.script(CARD_LIST, handler)
    with pytest.raises(fa.APIResponseValidationError) as caught:
        await client.cards.list_card_types()
    assert needle in str(caught.value)
    assert caught.value.status_code == 200


async def test_html_error_page_with_5xx_is_a_server_error(
    client: FincardClient, api: FakeApi
) -> None:
    page = answer(b"<html>Bad Gateway</html>", 502)
    api.script(CARD_LIST, page, page, page)
    with pytest.raises(fa.ServerError) as caught:
        await client.cards.list_card_types()
    assert caught.value.status_code == 502


async def test_every_error_is_a_fincard_error(client: FincardClient, api: FakeApi) -> None:
    api.script(CARD_LIST, answer(b"garbage", 200))
    with pytest.raises(fa.FincardError):
        await client.cards.list_card_types()


async def test_a_success_list_without_data_breaks_the_contract(
    client: FincardClient, api: FakeApi
) -> None:
    # D18: a success answer of listCardTypes carries `data`; without it the answer is refused
    api.script(CARD_LIST, answer({"code": "00000", "msg": "ok"}))
    with pytest.raises(fa.APIResponseValidationError):
        await client.cards.list_card_types()
