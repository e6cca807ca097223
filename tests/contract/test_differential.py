"""Differential test: the YAML, the SDK and the sandbox give the same verdict on the same input.

Requests: bodies generated from each operation's request schema (valid ones and single
mutations, see ``_cases``) are judged by (a) a plain JSON Schema 2020-12 validator on the
repository's YAML, (b) the SDK's pre-flight check (``SpecValidator`` on the shipped copy, plus
the card-type rules for ``applyCard``) and (c) the sandbox over real HTTP (FinHub: HTTP 400 is
a refusal; HyperCard: ``A0003``). Any disagreement fails, listing the cases.

Answers: success answers generated from each operation's answer schema are served on loopback
and read through the SDK's public methods; every answer the YAML accepts must parse.

``FINCARD_CONTRACT_CASES`` sets the cases per operation: a fast count by default (``make
test``), 500 in ``make contract``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Final

import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from sample_applications import base_info, kyc_info

from fincard_async import EndUser, FincardClient, FinHubConfig, HyperCardConfig, RetryPolicy
from fincard_async._card_rules import CardTypeRules, card_type_violations
from fincard_async._generated.models import CardType
from fincard_async._validation import SpecValidator

from . import _cases
from .conftest import NEUTRAL_CARD_TYPE, SandboxCaller

CASES: Final = int(os.environ.get("FINCARD_CONTRACT_CASES", "30"))
JSON_OPERATIONS: Final = _cases.json_operations()
_SDK_RULES: Final = CardTypeRules.from_card_type(
    CardType(card_type_id=NEUTRAL_CARD_TYPE["card_type_id"], apply_type=1, status=1)
)
_KEY: Final = (Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem").read_text()
_PNG64: Final = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="  # noqa: E501


def _with_neutral_card_type(operation_id: str, body: Any) -> Any:
    """Generated applications use the sandbox's neutral card type (no card-type limits)."""
    base = body.get("base_info") if isinstance(body, dict) else None
    if operation_id == "applyCard" and isinstance(base, dict):
        card_type_id = base.get("card_type_id")
        if isinstance(card_type_id, str) and card_type_id:
            base["card_type_id"] = NEUTRAL_CARD_TYPE["card_type_id"]
    return body


async def _sdk_refuses(validator: SpecValidator, operation_id: str, body: Any) -> list[str]:
    found = await validator.violations(operation_id, body)
    base = body.get("base_info") if isinstance(body, dict) else None
    kyc = body.get("kyc_info") if isinstance(body, dict) else None
    known_type = isinstance(base, dict) and isinstance(base.get("card_type_id"), str)
    if operation_id == "applyCard" and known_type and isinstance(kyc, dict):
        assert isinstance(base, dict)
        if base["card_type_id"]:
            found += card_type_violations(base, kyc, _SDK_RULES)
    return [f"{v.path}: {v.rule}" for v in found]


@pytest.mark.fincard_sandbox(card_types=(NEUTRAL_CARD_TYPE,), address_patterns={})
@pytest.mark.parametrize("operation_id", JSON_OPERATIONS)
async def test_requests_get_one_verdict_from_yaml_sdk_and_sandbox(
    operation_id: str, caller: SandboxCaller
) -> None:
    schema_reader = _cases.request_validator(operation_id)
    sdk = SpecValidator()
    disagreements = []
    verdicts = {True: 0, False: 0}
    for body in _cases.request_cases(operation_id, CASES):
        body = _with_neutral_card_type(operation_id, body)
        by_yaml = schema_reader.is_valid(body)
        sdk_says = await _sdk_refuses(sdk, operation_id, body)
        sandbox_says = await caller.refusal(operation_id, body)
        verdicts[by_yaml] += 1
        if by_yaml != (not sdk_says) or by_yaml != (sandbox_says is None):
            shown = orjson.dumps(body)[:300].decode("utf-8", "replace")
            disagreements.append(
                f"yaml={'ok' if by_yaml else 'refuse'} sdk={sdk_says or 'ok'} "
                f"sandbox={sandbox_says or 'ok'}: {shown}"
            )
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:15]
    )
    assert verdicts[True] > 0  # the generator makes valid bodies too, not only refusals
    assert verdicts[False] > 0


# (no value with surrounding spaces: HTTP strips them from header values on the wire)
FORWARDED_FOR: Final = [
    "203.0.113.7",
    "2001:db8::1",
    "::1",
    "client-7",
    "",
    "203.0.113.7, 10.0.0.1",
    "999.1.1.1",
    "localhost",
    "0.0.0.0",  # noqa: S104 - an address as text, nothing binds to it
]


@pytest.mark.parametrize("value", FORWARDED_FOR)
async def test_x_forwarded_for_gets_one_verdict(value: str, caller: SandboxCaller) -> None:
    by_yaml = _cases.header_validator("X-Forwarded-For").is_valid(value)
    sdk = await SpecValidator().header_violations("listRegions", {"X-Forwarded-For": value})
    sandbox_says = await caller.refusal("listRegions", {}, forwarded_for=value)
    assert (by_yaml, not sdk, sandbox_says is None) in ((True,) * 3, (False,) * 3), (
        by_yaml,
        sdk,
        sandbox_says,
    )


# -- answers: every answer the YAML accepts, the SDK parses ----------------------------------


class AnswerServer:
    """Answers each path from a queue of generated payloads; logins get a fixed token."""

    def __init__(self) -> None:
        self.queues: dict[str, list[Any]] = {}

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        queue = self.queues.get(request.path)
        if queue:
            return web.json_response(queue.pop())
        token = {"accessToken": "tok", "tokenType": "Bearer", "expiresIn": 3600}
        return web.json_response(token)


@pytest_asyncio.fixture
async def answers() -> AsyncIterator[tuple[AnswerServer, FincardClient]]:
    fake = AnswerServer()
    app = web.Application()
    app.router.add_route("POST", "/{tail:.*}", fake.handle)
    server = TestServer(app)
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")
    client = FincardClient(
        finhub=FinHubConfig(
            base_url=url,
            email="ops@example.com",
            password="pw",
            tenant_id="T1",
            end_user=EndUser(ip="203.0.113.7"),
        ),
        hypercard=HyperCardConfig(base_url=url, api_key="merchant", private_key=_KEY),
        retry=RetryPolicy(max_retries=0),
    )
    async with client:
        yield fake, client
    await server.close()
    # thousands of parsed answers: leave no cyclic garbage for tests that count live objects
    gc.collect()


Call = Callable[[FincardClient], Awaitable[Any]]

CALLS: Final[Mapping[str, Call]] = {
    "login": lambda c: c._login(),
    "listRegions": lambda c: c.reference_data.list_regions(),
    "listCities": lambda c: c.reference_data.list_cities(),
    "listCityTree": lambda c: c.reference_data.list_city_tree(),
    "listMobileAreaCodes": lambda c: c.reference_data.list_mobile_area_codes(),
    "uploadFile": lambda c: c.files.upload(b"\x89PNG\r\n\x1a\n" + bytes(16)),
    "submitWorkOrder": lambda c: c.work_orders.submit(title="t", target="x", trade_type="OTHER"),
    "listWorkOrders": lambda c: c.work_orders.list(),
    "applyCard": lambda c: c.cards.apply(
        base_info=base_info(),
        kyc_info=kyc_info(image=_PNG64),
        validate_with_card_type=False,
    ),
    "listCardTypes": lambda c: c.cards.list_card_types(),
}


@pytest.mark.parametrize("operation_id", sorted(CALLS))
async def test_every_answer_the_yaml_accepts_the_sdk_parses(
    operation_id: str, answers: tuple[AnswerServer, FincardClient]
) -> None:
    fake, client = answers
    path, _ = _cases.operations()[operation_id]
    reader = _cases.answer_validator(operation_id)
    generated = _cases.answer_cases(operation_id, CASES)
    assert all(reader.is_valid(answer) for answer in generated)
    refused = []
    for answer in generated:
        fake.queues[path] = [answer]
        try:
            await CALLS[operation_id](client)
        except Exception as error:  # every refusal is a finding, whatever its type
            refused.append(f"{type(error).__name__}: {error}"[:300])
    assert not refused, f"{len(refused)} of {len(generated)} refused:\n" + "\n".join(refused[:10])
