"""The contract check: answers the OpenAPI document does not allow are loud failures."""

from __future__ import annotations

import logging

import pytest

from fincard_async.sandbox import Sandbox
from fincard_async.sandbox._card_types import DEFAULT_CARD_TYPES
from fincard_async.sandbox._contract import find_spec

from .helpers import FinHub, HyperCard

BROKEN_CARD_TYPE = {**DEFAULT_CARD_TYPES[0], "doc_type": 1}  # the spec says a string


def test_the_document_is_found() -> None:
    spec = find_spec()

    assert spec is not None
    assert spec.name in ("openapi.yaml", "fincard.yaml")


async def test_the_contract_is_checked(fincard_sandbox: Sandbox) -> None:
    assert fincard_sandbox.contract_enabled


@pytest.mark.fincard_sandbox(strict=False, card_types=(BROKEN_CARD_TYPE,))
async def test_an_answer_off_the_contract_becomes_a_loud_500(
    hypercard: HyperCard, fincard_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="fincard_async.sandbox"):
        answer = await hypercard.call("listCardTypes")

    assert answer.status == 500
    assert answer.headers["X-Sandbox-Contract-Violation"] == "1"
    assert answer.body["code"] == "B0000"
    assert answer.body["msg"].startswith("sandbox contract violation")
    [violation] = fincard_sandbox.contract_violations
    assert violation.operation == "listCardTypes"
    assert violation.request_id == answer.headers["X-Request-Id"]
    assert any("data.0.doc_type" in error for error in violation.errors)
    assert any("sandbox contract violation" in record.message for record in caplog.records)


@pytest.mark.fincard_sandbox(strict=False)
async def test_a_crash_is_recorded_as_a_violation(
    finhub: FinHub, fincard_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("fincard_async.sandbox._refdata.regions", explode)

    with pytest.MonkeyPatch.context() as quiet:
        quiet.setattr("fincard_async.sandbox._app.logger.disabled", True)
        answer = await finhub.call("listRegions")

    assert (answer.status, answer.body["code"]) == (500, 500)
    assert "RuntimeError: boom" in str(fincard_sandbox.contract_violations[0])


async def test_the_login_body_is_checked_against_the_schema(finhub: FinHub) -> None:
    answer = await finhub.login(email="not-an-email")

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert "email" in answer.body["msg"]


async def test_violations_can_be_read_over_http(fincard_sandbox: Sandbox, finhub: FinHub) -> None:
    async with finhub.session.get(f"{fincard_sandbox.base_url}/_sandbox/violations") as answer:
        assert await answer.json() == {"violations": []}
