"""Fixes of issue 12 through the public API: each test failed before its fix."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from sample_applications import base_info, kyc_info

import fincard_async as fa
from fincard_async._conversion import make_converter
from fincard_async._generated.models import CardApplyKycInfo
from fincard_async.sandbox import Sandbox

from . import _cases
from .conftest import SandboxCaller

ROOT = Path(__file__).parents[2]
UPPER_UUID = "3F2B8C1E-7D4A-4E59-9B1C-2A6F0D8E5C47"


class Counting:
    """A loopback server that counts requests and answers uploads with an upper-case UUID."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.requests.append(request.path)
        if request.path == "/api/auth/login":
            return web.json_response({"accessToken": "t", "expiresIn": 3600})
        data = {"fileId": UPPER_UUID}
        return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})


@pytest_asyncio.fixture
async def counting() -> AsyncIterator[tuple[Counting, str]]:
    fake = Counting()
    app = web.Application()
    app.router.add_route("POST", "/{tail:.*}", fake.handle)
    server = TestServer(app)
    await server.start_server()
    yield fake, str(server.make_url("")).rstrip("/")
    await server.close()


def _client(url: str, ip: str = "203.0.113.7") -> fa.FincardClient:
    finhub = fa.FinHubConfig(
        base_url=url, email="ops@example.com", password="pw", tenant_id="T1",
        end_user=fa.EndUser(ip=ip),
    )  # fmt: skip
    return fa.FincardClient(finhub=finhub, retry=fa.RetryPolicy(max_retries=0))


async def test_an_end_user_ip_that_is_no_ip_is_refused_before_the_login(
    counting: tuple[Counting, str],
) -> None:
    fake, url = counting
    async with _client(url, ip="client-7") as client:
        with pytest.raises(fa.ValidationError) as caught:
            await client.reference_data.list_regions()
    assert [(v.path, v.rule) for v in caught.value.violations] == [
        ("header.X-Forwarded-For", "anyOf")
    ]
    assert "client-7" not in str(caught.value)
    assert fake.requests == []  # not even the login went out


async def test_reference_data_filters_are_checked_before_sending(
    counting: tuple[Counting, str],
) -> None:
    fake, url = counting
    async with _client(url) as client:
        with pytest.raises(fa.ValidationError) as caught:
            await client.reference_data.list_cities(region_code="us")
        with pytest.raises(fa.ValidationError):
            await client.reference_data.list_city_tree(region_code="USA")
    assert [(v.path, v.rule) for v in caught.value.violations] == [("regionCode", "pattern")]
    assert "/api/v2.1/fincard/virtual/common/city" not in fake.requests


async def test_upload_returns_the_file_id_exactly_as_sent(counting: tuple[Counting, str]) -> None:
    _, url = counting
    async with _client(url) as client:
        file_id = await client.files.upload(b"\x89PNG\r\n\x1a\n" + bytes(16))
    assert file_id == UPPER_UUID


def test_the_converter_refuses_a_number_where_the_spec_says_text() -> None:
    wire: dict[str, Any] = make_converter().unstructure(kyc_info())
    wire["doc_no"] = 12345678  # the vendor's example shows a number; the table says string
    with pytest.raises(Exception, match="doc_no") as caught:
        make_converter().structure(wire, CardApplyKycInfo)
    assert not isinstance(caught.value, AssertionError)
    wire["doc_no"] = "12345678"
    assert make_converter().structure(wire, CardApplyKycInfo).doc_no == "12345678"


async def test_the_keyword_path_refuses_a_number_for_doc_no_too(
    fincard_client: fa.FincardClient,
) -> None:
    kyc = kyc_info(doc_no=12345678)
    with pytest.raises(fa.ValidationError) as caught:
        await fincard_client.cards.apply(base_info=base_info(), kyc_info=kyc)
    assert ("kyc_info.doc_no", "type") in {(v.path, v.rule) for v in caught.value.violations}


async def test_mc_trade_no_follows_the_spec_pattern(fincard_client: fa.FincardClient) -> None:
    with pytest.raises(fa.ValidationError) as caught:
        await fincard_client.cards.apply(
            base_info=base_info(), kyc_info=kyc_info(), mc_trade_no="MC 1"
        )
    assert {(v.path, v.rule) for v in caught.value.violations} == {("mc_trade_no", "pattern")}


FINHUB_JSON = [
    op for op in _cases.json_operations() if _cases.operations()[op][0].startswith("/api/")
]


@pytest.mark.parametrize("operation_id", [op for op in FINHUB_JSON if op != "login"])
async def test_a_body_that_is_not_utf8_is_the_documented_400(
    operation_id: str, caller: SandboxCaller, fincard_sandbox: Sandbox
) -> None:
    await caller.refusal("listRegions", {})  # logs in
    headers = caller._finhub_headers("203.0.113.7")
    status, answer = await caller._post(operation_id, b'{"title": "\xff\xfe"}', headers)
    assert (status, answer["code"]) == (400, 500), answer
    assert not fincard_sandbox.contract_violations


def test_openapi_spec_is_the_published_file_byte_for_byte() -> None:
    published = (ROOT / "openapi" / "fincard.yaml").read_bytes()
    assert fa.openapi_spec().encode("utf-8") == published
    # no development-machine path (the API's own paths contain "/virtual/work/")
    assert re.search(rb"\s/(work|home|Users|root|tmp)/", published) is None


def test_importing_the_sdk_loads_no_validation_library() -> None:
    code = (
        "import sys, fincard_async; "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'referencing') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert orjson.loads(out.strip().replace("'", '"')) == []
