"""Exit codes by error class, errors as JSON on stderr, and secrets never printed."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web

from fincard_async._cli import EXIT_CODES, exit_code, run
from fincard_async.sandbox import FaultRule, Sandbox

from .conftest import Cli


async def test_missing_credentials_is_a_configuration_error() -> None:
    err = io.StringIO()
    assert await run(["regions"], stderr=err) == 3
    assert orjson.loads(err.getvalue())["error"] == "ConfigurationError"


async def test_half_a_family_names_the_missing_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINCARD_FINHUB_EMAIL", "ops@example.com")
    err = io.StringIO()
    assert await run(["regions"], stderr=err) == 3
    message = orjson.loads(err.getvalue())["message"]
    assert "FINCARD_FINHUB_PASSWORD" in message
    assert "FINCARD_FINHUB_BASE_URL" in message


async def test_usage_error_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run(["no-such-command"]) == 2
    assert await run(["submit-work-order"]) == 2  # --title etc. are required
    assert "usage:" in capsys.readouterr().err


async def test_bad_input_is_a_validation_error_and_sends_nothing(
    cli: Cli, fincard_sandbox: Sandbox
) -> None:
    outcome = await cli(
        "submit-work-order",
        "--title=t",
        "--target=4111",
        "--trade-type=CARD_ACTIVE",
        "--merchant-order-no=bad no!",
    )
    assert outcome.code == 4
    report = outcome.error()
    assert report["error"] == "ValidationError"
    assert report["violations"]
    assert not fincard_sandbox.state.work_orders


async def test_unreadable_application_file_is_4(cli: Cli, tmp_path: Path) -> None:
    assert (await cli("apply-card", str(tmp_path / "missing.json"))).code == 4
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert (await cli("apply-card", str(broken))).code == 4
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"base_info": {"email": "secret-person@example.com"}, "kyc_info": {}}')
    outcome = await cli("apply-card", str(wrong))
    assert outcome.code == 4
    assert "secret-person" not in outcome.stderr
    missing_image = tmp_path / "image.json"
    missing_image.write_text('{"base_info": {}, "kyc_info": {"front_doc": "@nope.jpg"}}')
    assert (await cli("apply-card", str(missing_image))).code == 4
    assert (await cli("upload", str(tmp_path / "nope.png"))).code == 4


async def test_refused_password_is_5_and_never_printed(
    fincard_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = "Planted-Pa55word-9731"
    monkeypatch.setenv("FINCARD_FINHUB_BASE_URL", fincard_sandbox.base_url)
    monkeypatch.setenv("FINCARD_FINHUB_EMAIL", fincard_sandbox.credentials.email)
    monkeypatch.setenv("FINCARD_FINHUB_PASSWORD", planted)
    monkeypatch.setenv("FINCARD_FINHUB_TENANT_ID", fincard_sandbox.credentials.tenant_id)
    out, err = io.StringIO(), io.StringIO()
    assert await run(["--pretty", "regions"], stdout=out, stderr=err) == 5
    assert orjson.loads(err.getvalue())["error"] == "AuthenticationError"
    assert planted not in out.getvalue() + err.getvalue()


async def test_vendor_refusal_is_6(cli: Cli, fincard_sandbox: Sandbox) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="listCardTypes", kind="status", status=400))
    outcome = await cli("card-types")
    assert outcome.code == 6
    assert outcome.error()["status_code"] == 400


async def test_no_server_is_7(monkeypatch: pytest.MonkeyPatch, fincard_sandbox: Sandbox) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    creds = fincard_sandbox.credentials
    monkeypatch.setenv("FINCARD_HYPERCARD_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("FINCARD_HYPERCARD_API_KEY", creds.api_key)
    monkeypatch.setenv("FINCARD_HYPERCARD_PRIVATE_KEY", creds.private_key_pem)
    err = io.StringIO()
    assert await run(["card-types"], stderr=err) == 7
    assert orjson.loads(err.getvalue())["error"] == "APIConnectionError"


async def test_uncertain_write_is_8_with_its_key(cli: Cli, fincard_sandbox: Sandbox) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop"))
    outcome = await cli(
        "submit-work-order",
        "--title=t",
        "--target=4111",
        "--trade-type=CARD_ACTIVE",
        "--merchant-order-no=CLIUNSURE00000000000000001",
    )
    assert outcome.code == 8
    report = outcome.error()
    assert report["error"] == "OutcomeUnknownError"
    assert report["idempotency_key"] == "CLIUNSURE00000000000000001"


async def test_unreadable_answer_is_9(
    aiohttp_server: Any, fincard_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def html(_: web.Request) -> web.Response:
        return web.Response(text="<html>maintenance</html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", html)
    server = await aiohttp_server(app)
    creds = fincard_sandbox.credentials
    monkeypatch.setenv("FINCARD_HYPERCARD_BASE_URL", str(server.make_url("")).rstrip("/"))
    monkeypatch.setenv("FINCARD_HYPERCARD_API_KEY", creds.api_key)
    monkeypatch.setenv("FINCARD_HYPERCARD_PRIVATE_KEY", creds.private_key_pem)
    err = io.StringIO()
    assert await run(["card-types"], stderr=err) == 9
    assert orjson.loads(err.getvalue())["error"] == "APIResponseValidationError"


def test_every_code_is_documented() -> None:
    assert exit_code(RuntimeError()) == 1
    assert set(EXIT_CODES) == set(range(10))


def test_python_dash_m_runs_the_command_line() -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "fincard_async", "--sandbox", "mobile-codes"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    assert any(code["areaCode"] == "SG" for code in orjson.loads(answer.stdout))
