"""Run the ``fincard`` command line in-process against the test's sandbox."""

from __future__ import annotations

import io
import os
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import orjson
import pytest

from examples._sandbox import ENV_NAMES
from fincard_async._cli import run
from fincard_async.sandbox import Sandbox


@attrs.frozen
class Outcome:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return orjson.loads(self.stdout)

    def error(self) -> Any:
        return orjson.loads(self.stderr)


Cli = Callable[..., Awaitable[Outcome]]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def sandbox_env(sandbox: Sandbox) -> dict[str, str]:
    """The FINCARD_* variables that point both families at ``sandbox``."""
    creds = sandbox.credentials
    return {
        "FINCARD_FINHUB_BASE_URL": sandbox.base_url,
        "FINCARD_FINHUB_EMAIL": creds.email,
        "FINCARD_FINHUB_PASSWORD": creds.password,
        "FINCARD_FINHUB_TENANT_ID": creds.tenant_id,
        "FINCARD_HYPERCARD_BASE_URL": sandbox.base_url,
        "FINCARD_HYPERCARD_API_KEY": creds.api_key,
        "FINCARD_HYPERCARD_PRIVATE_KEY": creds.private_key_pem,
    }


@pytest.fixture
def cli(fincard_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``await cli("regions", ...)``: the command line with the sandbox's FINCARD_* variables."""
    for name, value in sandbox_env(fincard_sandbox).items():
        monkeypatch.setenv(name, value)

    async def call(*argv: str) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        code = await run(list(argv), stdout=out, stderr=err)
        return Outcome(code, out.getvalue(), err.getvalue())

    assert os.environ["FINCARD_FINHUB_BASE_URL"] == fincard_sandbox.base_url
    return call
