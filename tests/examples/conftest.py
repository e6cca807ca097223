"""The examples read FINCARD_* like an application: point them at the test's sandbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from examples._sandbox import ENV_NAMES, sandbox_env
from fincard_async.sandbox import Sandbox

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sandbox(fincard_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The test's sandbox, with FINCARD_* set to its URL and demo credentials."""
    for name, value in sandbox_env(fincard_sandbox).items():
        monkeypatch.setenv(name, value)
    return fincard_sandbox


@pytest_asyncio.fixture
async def forwarded_for(
    sandbox: Sandbox, aiohttp_server: Any, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """X-Forwarded-For of every FinHub call, as a second door into the same sandbox saw it.

    The login is left out: it is made for the service, with the client's default end user.
    """
    seen: list[str] = []

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        if "X-Forwarded-For" in request.headers and request.path != "/api/auth/login":
            seen.append(request.headers["X-Forwarded-For"])
        return await handler(request)

    app = sandbox.make_app()
    app.middlewares.append(record)
    server = await aiohttp_server(app)
    monkeypatch.setenv("FINCARD_FINHUB_BASE_URL", str(server.make_url("")).rstrip("/"))
    return seen
