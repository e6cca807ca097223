"""A server that quotes our request headers back: credentials and personal data stay hidden.

Real vendors quote what they refuse ("token tok-... expired"); the quote lands in the error's
message, and from there in logs. Every attempt's token, signature, end-user IP and device id
must be hidden, in the final error and in every attempt error it carries.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sample_applications as samples
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincard_async import (
    APIError,
    AuthenticationError,
    EndUser,
    FincardClient,
    FinHubConfig,
    HyperCardConfig,
    OutcomeUnknownError,
    RetryPolicy,
)

KEY = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"
TOKENS = ("tok-ECHOED-1111", "tok-ECHOED-2222")
IP = "198.51.100.91"
DEVICE = "device-ECHOED-77"


class EchoingServer:
    """Refuses every call, quoting all the request's headers in ``msg``."""

    def __init__(self) -> None:
        self.tokens = itertools.cycle(TOKENS)
        self.sent: list[dict[str, str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        if request.path == "/api/auth/login":
            data = {"accessToken": next(self.tokens), "tokenType": "Bearer", "expiresIn": 3600}
            return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})
        self.sent.append(dict(request.headers))
        # what each attempt sent of its credentials and the end user's data, first (the
        # message shown is cut at MAX_SERVER_MESSAGE_CHARS, after hiding)
        shown = ("signature", "Authorization", "X-Forwarded-For", "deviceId")
        quoted = "refused: " + " ".join(f"{h}={request.headers.get(h)}" for h in shown)
        if request.path.startswith("/v"):  # HyperCard: a 5xx, so a write ends uncertain
            return web.json_response({"code": "B0000", "msg": quoted}, status=503)
        return web.json_response({"success": False, "code": 401, "msg": quoted}, status=401)


@pytest.fixture
async def server() -> AsyncIterator[tuple[EchoingServer, str]]:
    echoing = EchoingServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", echoing.handle)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    try:
        yield echoing, f"http://127.0.0.1:{test_server.port}"
    finally:
        await test_server.close()


def _client(url: str) -> FincardClient:
    return FincardClient(
        finhub=FinHubConfig(
            base_url=url,
            email="a@example.com",
            password="pw-1",
            tenant_id="T",
            end_user=EndUser(ip=IP, device_id=DEVICE),
        ),
        hypercard=HyperCardConfig(base_url=url, api_key="M", private_key=KEY.read_text()),
        retry=RetryPolicy(max_retries=1, initial_delay=0, max_delay=0),
    )


def _texts(error: BaseException) -> Iterator[str]:
    """Everything a caller or a log handler could print of ``error`` and what it carries."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        if isinstance(current, OutcomeUnknownError):
            todo += current.attempt_errors


def _assert_hidden(error: BaseException, values: list[str]) -> None:
    texts = list(_texts(error))
    assert any("<redacted>" in text for text in texts)  # the quote itself was seen
    for value in values:
        assert not any(value in text for text in texts), value


async def test_the_tokens_ip_and_device_of_every_attempt_are_hidden(
    server: tuple[EchoingServer, str],
) -> None:
    echoing, url = server
    async with _client(url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.reference_data.list_regions()
    assert len(echoing.sent) == 2  # refused, logged in again, replayed once, refused again
    assert {sent["Authorization"] for sent in echoing.sent} == {f"Bearer {t}" for t in TOKENS}
    _assert_hidden(caught.value, [*TOKENS, IP, DEVICE])


async def test_the_signatures_of_every_attempt_of_an_uncertain_write_are_hidden(
    server: tuple[EchoingServer, str],
) -> None:
    echoing, url = server
    async with _client(url) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.cards.apply(
                base_info=samples.base_info(),
                kyc_info=samples.kyc_info(),
                validate_with_card_type=False,
            )
    signatures = [sent["signature"] for sent in echoing.sent]
    assert len(set(signatures)) == 2  # each attempt signs anew
    assert len(caught.value.attempt_errors) == 2
    assert all(isinstance(e, APIError) for e in caught.value.attempt_errors)
    _assert_hidden(caught.value, signatures)
