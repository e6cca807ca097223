"""A sandbox in a process of its own, driven through its admin endpoints.

The soak measures the client's deadlines. A sandbox on the client's event loop stalls every
client timer while it checks the contract (tens of milliseconds of synchronous work per
request), and one in a thread of the same process takes the GIL from the client after each
socket call. Either would show up as deadline overshoot that belongs to the harness, so the
soak's sandbox runs where a real server runs: in another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import orjson

from fincard_async.sandbox import DemoCredentials, FaultRule, Sandbox, SandboxConfig
from fincard_async.sandbox._keys import demo_key_pair, public_pem_for

__all__ = ["RemoteSandbox", "SandboxPool", "SandboxState", "remote_sandbox", "sandbox_pool"]

_ADMIN = "/_sandbox"
_START_TIMEOUT = 60.0
_ROOT = Path(__file__).resolve().parents[1]


@attrs.frozen
class SandboxState:
    """A snapshot of what the sandbox stored."""

    work_orders: list[dict[str, Any]]
    applications: list[dict[str, Any]]
    tokens: set[str]
    violations: int


class RemoteSandbox:
    """The base URL, credentials and admin calls of a sandbox running in another process."""

    def __init__(self, base_url: str, credentials: DemoCredentials, session: aiohttp.ClientSession):
        self.base_url = base_url
        self.credentials = credentials
        self._session = session

    async def add_faults(self, *rules: FaultRule) -> None:
        """Append fault rules."""
        payload = {"rules": [attrs.asdict(rule) for rule in rules]}
        await self._call("POST", "/faults", payload)

    async def clear_faults(self) -> None:
        """Remove every fault rule."""
        await self._call("DELETE", "/faults")

    async def expire_tokens(self) -> None:
        """Forget every token: each caller gets 401 next."""
        await self._call("DELETE", "/tokens")

    async def state(self) -> SandboxState:
        """What the sandbox stored so far."""
        data = await self._call("GET", "/state")
        return SandboxState(
            work_orders=data["workOrders"],
            applications=data["applications"],
            tokens=set(data["tokens"]),
            violations=data["violations"],
        )

    async def _call(self, method: str, path: str, payload: Any = None) -> Any:
        url = f"{self.base_url}{_ADMIN}{path}"
        async with self._session.request(method, url, json=payload) as answer:
            answer.raise_for_status()
            return await answer.json()


@contextlib.asynccontextmanager
async def remote_sandbox(config: SandboxConfig) -> AsyncIterator[RemoteSandbox]:
    """Start a sandbox in a child process (``python -m soak._remote``); stop it on exit.

    Only the settings the soak varies cross the process boundary: seed, contract check and
    the key pair (made here, so that this side knows the credentials).
    """
    private_pem = config.private_key_pem or demo_key_pair()[0]
    settings = {
        "seed": config.seed,
        "validate_contract": config.validate_contract,
        "private_key_pem": private_pem,
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "soak._remote",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=_ROOT,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        child.stdin.write(orjson.dumps(settings) + b"\n")
        await child.stdin.drain()
        line = await asyncio.wait_for(child.stdout.readline(), _START_TIMEOUT)
        if not line.startswith(b"http"):
            raise RuntimeError("the soak sandbox did not start")
        base_url = line.decode().strip()
        async with aiohttp.ClientSession() as session:
            yield RemoteSandbox(base_url, _credentials(config, private_pem), session)
    finally:
        child.stdin.close()  # the child stops at the end of its input
        try:
            await asyncio.wait_for(child.wait(), 15)
        except TimeoutError:
            child.kill()
            await child.wait()


@attrs.frozen
class SandboxPool:
    """The soak's two sandboxes: ``checked`` validates every request and answer against the
    contract (for the writes: no fault may cause a violation); ``quick`` does not, so that
    storms of 1,000 calls are not queued behind tens of milliseconds of checking each."""

    checked: RemoteSandbox
    quick: RemoteSandbox


@contextlib.asynccontextmanager
async def sandbox_pool(seed: int, *, in_process: bool = False) -> AsyncIterator[SandboxPool]:
    """Start both sandboxes at once (a child's imports take seconds on a busy machine).

    ``in_process`` runs them in threads of this process instead: quick to start (the fast
    soak in ``make test``), but their work then competes with the client's for the GIL, so
    the timing figures are not meaningful there.
    """
    start = thread_sandbox if in_process else remote_sandbox
    async with contextlib.AsyncExitStack() as stack:
        checked, quick = await asyncio.gather(
            stack.enter_async_context(start(SandboxConfig(seed=seed, strict=False))),
            stack.enter_async_context(
                start(SandboxConfig(seed=seed, strict=False, validate_contract=False))
            ),
        )
        yield SandboxPool(checked=checked, quick=quick)


@contextlib.asynccontextmanager
async def thread_sandbox(config: SandboxConfig) -> AsyncIterator[RemoteSandbox]:
    """A sandbox on its own event loop in a thread, driven like the remote one."""
    sandbox = Sandbox(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="soak-sandbox", daemon=True)
    thread.start()
    try:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(sandbox.start(), loop))
        async with aiohttp.ClientSession() as session:
            yield RemoteSandbox(sandbox.base_url, sandbox.credentials, session)
    finally:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_stop(sandbox), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join)
        loop.close()


async def _stop(sandbox: Sandbox) -> None:
    # handlers still sleeping in a delay fault finish first: a closed loop must not hold them
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    if others:
        await asyncio.wait(others, timeout=5)
    await sandbox.stop()


def _credentials(config: SandboxConfig, private_pem: str) -> DemoCredentials:
    user = config.users[0]
    return DemoCredentials(
        email=user.email,
        password=user.password,
        tenant_id=user.tenant_id,
        api_key=config.merchants[0].api_key,
        private_key_pem=private_pem,
        public_key_pem=public_pem_for(private_pem),
    )


async def _serve() -> None:  # pragma: no cover - runs in the child process
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    settings = orjson.loads(await reader.readline())
    sandbox = Sandbox(SandboxConfig(strict=False, **settings))
    await sandbox.start()
    print(sandbox.base_url, flush=True)
    while await reader.readline():
        pass  # until the parent closes our input (or goes away)
    await _stop(sandbox)


if __name__ == "__main__":  # pragma: no cover
    asyncio.run(_serve())
