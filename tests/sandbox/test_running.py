"""Ways to run the sandbox: in-process, the CLI, the pytest plugin, the public names."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import fincard_async.sandbox as sandbox_package
from fincard_async.sandbox import (
    Sandbox,
    SandboxConfig,
    SandboxStartError,
    SandboxUser,
    run_sandbox,
)


def test_the_public_names_are_exact() -> None:
    assert sorted(sandbox_package.__all__) == [
        "ContractViolation",
        "DemoCredentials",
        "FaultRule",
        "Merchant",
        "Sandbox",
        "SandboxConfig",
        "SandboxStartError",
        "SandboxUser",
        "run_sandbox",
    ]
    for name in sandbox_package.__all__:
        assert getattr(sandbox_package, name).__name__ == name


async def test_run_sandbox_serves_and_stops() -> None:
    config = SandboxConfig(
        users=(SandboxUser(email="ops@example.com", password="pw", tenant_id="t-1"),)
    )
    async with run_sandbox(config) as sandbox:
        base_url = sandbox.base_url
        assert base_url.startswith("http://127.0.0.1:")
        assert (sandbox.credentials.email, sandbox.credentials.tenant_id) == (
            "ops@example.com",
            "t-1",
        )
        assert "password" not in repr(sandbox.credentials)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{base_url}/_sandbox/health") as answer,
        ):
            assert await answer.json() == {"status": "ok"}

    with pytest.raises(RuntimeError, match="not running"):
        _ = sandbox.base_url


async def test_a_busy_port_fails_with_a_clear_message() -> None:
    async with run_sandbox() as first:
        port = int(first.base_url.rsplit(":", 1)[1])
        with pytest.raises(SandboxStartError, match=f"could not start on 127.0.0.1:{port}"):
            async with run_sandbox(port=port):
                pass


def test_the_cli_prints_what_a_client_needs(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fincard_async.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _read_banner(process)
        base_url = lines["base_url"]
        key_file = Path(lines["hypercard_private_key_file"])
        assert base_url.startswith("http://127.0.0.1:")
        assert not base_url.endswith(":0")
        assert lines["finhub_email"]
        assert lines["finhub_password"]
        assert lines["finhub_tenant_id"]
        assert lines["hypercard_api_key"]
        assert "BEGIN PRIVATE KEY" in key_file.read_text()
        assert "-----BEGIN PUBLIC KEY-----" in lines["_rest"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert process.returncode == 0
    assert not key_file.exists()


def _read_banner(process: subprocess.Popen[str]) -> dict[str, str]:
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    lines: dict[str, str] = {"_rest": ""}
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"the CLI stopped: {process.stderr and process.stderr.read()}")
        key, sep, value = line.partition(": ")
        if sep and " " not in key:
            lines[key] = value.strip()
        else:
            lines["_rest"] += line
        if line.startswith("-----END PUBLIC KEY-----"):
            return lines
    raise AssertionError("the CLI did not print its banner in time")


@pytest.mark.fincard_sandbox(page_size_cap=3, token_ttl_seconds=5)
async def test_the_marker_changes_the_config(fincard_sandbox: Sandbox) -> None:
    assert (fincard_sandbox.config.page_size_cap, fincard_sandbox.config.token_ttl_seconds) == (
        3,
        5,
    )


async def test_the_client_fixture_talks_to_the_sandbox(fincard_client: Any) -> None:
    regions = await fincard_client.reference_data.list_regions()
    card_types = await fincard_client.cards.list_card_types()

    assert len(regions) == 249
    assert {str(card_type.card_type_id) for card_type in card_types} >= {"10001", "10002"}


INNER_TEST = """
import pytest
from fincard_async.sandbox import FaultRule
from fincard_async.sandbox._card_types import DEFAULT_CARD_TYPES

BROKEN = ({**DEFAULT_CARD_TYPES[0], "status": [1]},)


@pytest.mark.fincard_sandbox(card_types=BROKEN)
async def test_strict(fincard_sandbox):
    import aiohttp
    from fincard_async._signing import load_private_key, sign_request, signing_headers
    key = load_private_key(fincard_sandbox.credentials.private_key_pem)
    headers = signing_headers(api_key=fincard_sandbox.credentials.api_key)
    headers["signature"] = sign_request(headers=headers, body=b"{}", private_key=key)
    headers["Content-Type"] = "application/json"
    async with aiohttp.ClientSession() as session:
        url = fincard_sandbox.base_url + "/v5/openapi/card/list"
        async with session.post(url, data=b"{}", headers=headers) as answer:
            assert answer.status == 500


async def test_clean(fincard_sandbox):
    assert fincard_sandbox.contract_violations == []
"""


# Plugins the inner run does not need: they only cost start-up time.
_LEAN_PLUGINS = [
    option
    for name in ("cacheprovider", "hypothesispytest", "schemathesis", "cov")
    for option in ("-p", f"no:{name}")
]
# the fixtures are opt-in (no entry point)
_SANDBOX_PLUGIN = ["-p", "fincard_async.sandbox.pytest_plugin"]


def test_strict_mode_fails_a_test_that_caused_violations(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TEST))
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *_LEAN_PLUGINS, *_SANDBOX_PLUGIN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )

    assert "2 passed, 1 error" in result.stdout, result.stdout[-2000:]
    assert "the sandbox saw contract violations" in result.stdout


async def test_a_sandbox_can_run_inside_pytest_aiohttp() -> None:
    sandbox = Sandbox()
    app = sandbox.make_app()

    assert {route.name for route in app.router.routes() if route.name} >= {"login", "applyCard"}
