"""No secret or personal value in any log line, error text or repr, with debug logging on."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from aiohttp import web

from fincard_async import APIError, FincardClient, FinHubConfig

from .conftest import PASSWORD, PRIVATE_KEY, TOKEN_PREFIX, FakeApi, base_info, kyc_info

APPLY = "/v4/openapi/card/apply"


async def test_debug_logs_one_line_per_attempt_and_no_secrets(
    client: FincardClient, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    async def a0003(request: web.Request, body: bytes) -> web.Response:
        return web.json_response({"code": "A0003", "msg": "doc_no invalid"})

    api.script(APPLY, a0003)
    caplog.set_level(logging.DEBUG, logger="fincard_async")
    await client.reference_data.list_regions()
    kyc = kyc_info()
    errors: list[str] = []
    try:
        await client.cards.apply(base_info=base_info(), kyc_info=kyc)
    except APIError as error:
        errors += [str(error), repr(error)]
    signature = api.requests(APPLY)[0].headers["signature"]
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("listRegions attempt=1 status=200") for line in lines)
    assert any(line.startswith("applyCard attempt=1 status=200") for line in lines)
    text = "\n".join(lines + errors + [repr(client), repr(kyc), repr(base_info())])
    planted = [PASSWORD, TOKEN_PREFIX, signature, kyc.doc_no, kyc.birthday, kyc.front_doc]
    planted.append(PRIVATE_KEY.splitlines()[1])
    for secret in planted:
        assert secret not in text


def test_config_reprs_hide_credentials() -> None:
    from fincard_async import HyperCardConfig

    finhub = FinHubConfig(base_url="https://x", email="a@b.c", password=PASSWORD, tenant_id="T")
    hypercard = HyperCardConfig(
        base_url="https://x", api_key="M", private_key=PRIVATE_KEY, passphrase="phrase-77"
    )
    text = repr(finhub) + repr(hypercard)
    assert PASSWORD not in text
    assert "BEGIN" not in text
    assert "phrase-77" not in text


async def test_env_var_enables_a_handler_without_basic_config(
    monkeypatch: pytest.MonkeyPatch, make_client: Callable[..., FincardClient]
) -> None:
    logger = logging.getLogger("fincard_async")
    monkeypatch.setenv("FINCARD_LOG", "debug")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    async with make_client():
        pass
    assert len(logger.handlers) == 1
    assert logger.level == logging.DEBUG
    assert logging.getLogger().handlers == [] or all(
        h.__class__.__name__ == "LogCaptureHandler" or "pytest" in type(h).__module__
        for h in logging.getLogger().handlers
    )


async def test_info_lines_for_a_retry_and_a_failure_name_operation_key_and_request_id(
    client: FincardClient, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    async def busy(request: web.Request, body: bytes) -> web.Response:
        return web.json_response(
            {"code": "B0000", "msg": "busy"}, headers={"X-Request-Id": "rid-busy"}
        )

    api.script(APPLY, busy, busy, busy)
    await client.reference_data.list_regions()
    caplog.set_level(logging.INFO, logger="fincard_async")
    with pytest.raises(APIError):
        await client.cards.apply(base_info=base_info(), kyc_info=kyc_info(), mc_trade_no="K-LOG-1")
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    retries = [line for line in lines if " retry after attempt=" in line]
    assert len(retries) == 2
    assert all("request_id=rid-busy" in line and "key=K-LOG-1" in line for line in retries)
    final = [line for line in lines if line.startswith("applyCard unknown attempts=3")]
    assert len(final) == 1
    assert "key=K-LOG-1" in final[0]
    assert not [line for line in lines if TOKEN_PREFIX in line or "Ann" in line]
