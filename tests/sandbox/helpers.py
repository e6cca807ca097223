"""Plain aiohttp callers for both API families, used by the sandbox tests.

The tests talk to the sandbox over real HTTP on loopback, with ``aiohttp.ClientSession``
(not the SDK client), so that they pin the sandbox's wire behaviour on their own.
"""

from __future__ import annotations

import io
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson
from multidict import CIMultiDict

from fincard_async._signing import load_private_key, sign_request, signing_headers
from fincard_async.sandbox import Sandbox

FINHUB = "/api/v2.1/fincard/virtual"
PATHS = {
    "login": "/api/auth/login",
    "listRegions": f"{FINHUB}/common/region",
    "listCities": f"{FINHUB}/common/city",
    "listCityTree": f"{FINHUB}/common/v2/city",
    "listMobileAreaCodes": f"{FINHUB}/common/mobileAreaCode",
    "uploadFile": f"{FINHUB}/common/file/upload",
    "submitWorkOrder": f"{FINHUB}/work/submit",
    "listWorkOrders": f"{FINHUB}/work/list",
    "applyCard": "/v4/openapi/card/apply",
    "listCardTypes": "/v5/openapi/card/list",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.4\n" + b"\x00" * 32


class Answer:
    """Status, headers and the decoded JSON body of one answer."""

    def __init__(self, status: int, headers: Mapping[str, str], body: Any) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return f"Answer({self.status}, {self.body!r})"[:400]


class FinHub:
    """A bare FinHub caller: context headers, login, JSON and multipart posts."""

    def __init__(self, session: aiohttp.ClientSession, sandbox: Sandbox) -> None:
        self.session = session
        self.sandbox = sandbox
        self.token: str | None = None

    def headers(
        self, extra: Mapping[str, str] | None = None, *, token: bool = True
    ) -> dict[str, str]:
        headers = {
            "X-Tenant-ID": self.sandbox.credentials.tenant_id,
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-From": "sandbox-tests",
            "platform": "web",
            "deviceId": "device-0001",
        }
        if token and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra or {})
        return headers

    async def login(self, **overrides: str) -> Answer:
        credentials = self.sandbox.credentials
        body = {
            "email": credentials.email,
            "password": credentials.password,
            "tenantId": credentials.tenant_id,
        }
        body.update(overrides)
        answer = await self.raw("login", orjson.dumps(body), self.headers(token=False))
        if answer.status == 200:
            data = answer.body.get("data") or answer.body
            self.token = data["accessToken"]
        return answer

    async def call(self, operation: str, body: Any = None, **headers: str) -> Answer:
        if self.token is None:
            await self.login()
        raw = orjson.dumps({} if body is None else body)
        return await self.raw(operation, raw, self.headers(headers))

    async def raw(
        self, operation: str, body: Any, headers: Mapping[str, str], *, json: bool = True
    ) -> Answer:
        send = dict(headers)
        if json:
            send.setdefault("Content-Type", "application/json")
        url = self.sandbox.base_url + PATHS[operation]
        async with self.session.post(url, data=body, headers=send) as response:
            return await _answer(response)

    async def upload(
        self, content: bytes, *, category: str | None = "card", filename: str = "scan.png"
    ) -> Answer:
        if self.token is None:
            await self.login()
        form = aiohttp.FormData()
        if category is not None:
            form.add_field("category", category)
        # A stream: aiohttp warns (an error under filterwarnings) about large raw bytes.
        form.add_field("file", io.BytesIO(content), filename=filename, content_type="image/png")
        return await self.raw("uploadFile", form, self.headers(), json=False)


class HyperCard:
    """A HyperCard caller that signs with the sandbox's demo key via ``_signing``."""

    def __init__(self, session: aiohttp.ClientSession, sandbox: Sandbox) -> None:
        self.session = session
        self.sandbox = sandbox
        self.private_key = load_private_key(sandbox.credentials.private_key_pem)

    def signed_headers(self, body: bytes, *, now: float | None = None) -> dict[str, str]:
        moment = time.time() if now is None else now
        headers = signing_headers(api_key=self.sandbox.credentials.api_key, now=lambda: moment)
        headers["signature"] = sign_request(
            headers=headers, body=body, private_key=self.private_key
        )
        return headers

    async def call(self, operation: str, body: Any = None, **overrides: str) -> Answer:
        raw = orjson.dumps({} if body is None else body)
        headers = self.signed_headers(raw)
        headers.update(overrides)
        return await self.send(operation, raw, headers)

    async def send(self, operation: str, raw: bytes, headers: Mapping[str, str]) -> Answer:
        send = {"Content-Type": "application/json", **headers}
        url = self.sandbox.base_url + PATHS[operation]
        # A stream for large bodies: aiohttp warns (an error here) about large raw bytes.
        data = io.BytesIO(raw) if len(raw) > 1_000_000 else raw
        async with self.session.post(url, data=data, headers=send) as response:
            return await _answer(response)


async def _answer(response: aiohttp.ClientResponse) -> Answer:
    raw = await response.read()
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        body = raw.decode("utf-8", "replace")
    return Answer(response.status, CIMultiDict(response.headers), body)
