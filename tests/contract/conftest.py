"""A raw caller of the sandbox for the contract tests: real HTTP, real token, real signatures."""

from __future__ import annotations

import gc
import io
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any, Final

import aiohttp
import orjson
import pytest_asyncio

from fincard_async._signing import load_private_key, sign_request, signing_headers
from fincard_async.sandbox import Sandbox

from . import _cases

# a card type that limits nothing (D20): the sandbox's verdict then rests on static rules alone
NEUTRAL_CARD_TYPE: Final[Mapping[str, Any]] = {
    "card_type_id": "90001",
    "card_type_name": "Contract test card",
    "apply_type": 1,
    "doc_type": "",
    "need_poa": 0,
    "support_poa_type": "",
    "kyc_country_limit_short": "",
    "kyc_nationality_limit_short": "",
    "status": 1,
}
_ACCEPTED_HYPERCARD: Final = frozenset({"00000", "A0005"})  # A0005: passed the checks before


class SandboxCaller:
    """Sends exact JSON bodies to the sandbox and tells whether it refused them as invalid."""

    def __init__(self, session: aiohttp.ClientSession, sandbox: Sandbox) -> None:
        self.session = session
        self.sandbox = sandbox
        self.token: str | None = None
        self.key = load_private_key(sandbox.credentials.private_key_pem)

    def _finhub_headers(self, forwarded_for: str) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "X-Tenant-ID": self.sandbox.credentials.tenant_id,
            "X-Forwarded-For": forwarded_for,
            "X-Forwarded-From": "contract-tests",
            "platform": "web",
            "deviceId": "device-1",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def _login(self) -> None:
        credentials = self.sandbox.credentials
        body = {
            "email": credentials.email,
            "password": credentials.password,
            "tenantId": credentials.tenant_id,
        }
        status, answer = await self._post("login", orjson.dumps(body), self._finhub_headers("::1"))
        assert status == 200, answer
        self.token = (answer.get("data") or answer)["accessToken"]

    async def _post(self, operation_id: str, raw: bytes, headers: Mapping[str, str]) -> Any:
        path, _ = _cases.operations()[operation_id]
        # a stream for large bodies: aiohttp warns (an error here) about large raw bytes
        data = io.BytesIO(raw) if len(raw) > 1_000_000 else raw
        async with self.session.post(self.sandbox.base_url + path, data=data, headers=headers) as r:
            return r.status, orjson.loads(await r.read())

    async def refusal(
        self, operation_id: str, body: Any, *, forwarded_for: str = "203.0.113.7"
    ) -> str | None:
        """The sandbox's refusal message when it refused ``body`` as invalid, else None."""
        raw = orjson.dumps(body)
        if operation_id in ("applyCard", "listCardTypes"):
            headers = signing_headers(api_key=self.sandbox.credentials.api_key, now=time.time)
            headers["signature"] = sign_request(headers=headers, body=raw, private_key=self.key)
            headers["Content-Type"] = "application/json"
            status, answer = await self._post(operation_id, raw, headers)
            assert status == 200, answer
            if answer["code"] == "A0003":
                return str(answer["msg"])
            assert answer["code"] in _ACCEPTED_HYPERCARD, answer
            return None
        if self.token is None and operation_id != "login":
            await self._login()
        status, answer = await self._post(operation_id, raw, self._finhub_headers(forwarded_for))
        if status == 400:
            return str(answer["msg"])
        assert status in (200, 401), answer
        assert answer.get("code") != 500, answer
        return None

    async def upload_refusal(self, case: _cases.UploadCase) -> str | None:
        """The sandbox's refusal of an upload form: HTTP 400, or the business error ``-1``.

        The form is sent as given: a part left out is absent, extra fields go along.
        """
        if self.token is None:
            await self._login()
        form = aiohttp.FormData()
        for name, value in case.text_fields().items():
            form.add_field(name, value)
        if case.file is not None:
            # a stream: aiohttp warns (an error here) about large raw bytes
            content = io.BytesIO(case.file) if len(case.file) > 1_000_000 else case.file
            name = "upload" if case.file_name is None else case.file_name
            form.add_field("file", content, filename=name, content_type=case.media_type())
        headers = self._finhub_headers("203.0.113.7")
        del headers["Content-Type"]  # aiohttp writes multipart/form-data with its boundary
        path, _ = _cases.operations()["uploadFile"]
        async with self.session.post(self.sandbox.base_url + path, data=form, headers=headers) as r:
            status, answer = r.status, orjson.loads(await r.read())
        if status == 400:
            return str(answer["msg"])
        assert status == 200, answer
        if answer["success"] is False:
            assert answer["code"] == -1, answer  # the documented business error (tooLarge)
            return f"-1 {answer['msg']}"
        return None


@pytest_asyncio.fixture
async def caller(fincard_sandbox: Sandbox) -> AsyncIterator[SandboxCaller]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield SandboxCaller(session, fincard_sandbox)
    gc.collect()  # hundreds of requests: leave no cyclic garbage for tests that count objects
