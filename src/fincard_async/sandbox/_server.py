"""The sandbox object, its credentials, and running it on a loopback port."""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import AsyncIterator
from pathlib import Path
from types import TracebackType
from typing import Final

import aiohttp
import attrs
from aiohttp import web

from .._signing import NESTED_WRITERS, load_public_key
from ._app import ADMIN_PREFIX, build_app
from ._card_types import read_card_type
from ._clock import SandboxClock
from ._config import SandboxConfig
from ._contract import Contract, ContractViolation, find_spec
from ._faults import FaultSet
from ._keys import demo_key_pair, public_pem_for
from ._runtime import Runtime
from ._state import SandboxState
from ._work_orders import seed_work_orders

__all__ = ["DemoCredentials", "Sandbox", "SandboxStartError", "run_sandbox"]

_READY_TIMEOUT: Final = 5.0
_SHUTDOWN_TIMEOUT: Final = 0.5


class SandboxStartError(RuntimeError):
    """The sandbox could not bind its port or did not answer its health check."""


@attrs.frozen(kw_only=True)
class DemoCredentials:
    """Everything a client needs to talk to a sandbox (demo-only values).

    ``email``/``password``/``tenant_id`` log in to FinHub; ``api_key`` and
    ``private_key_pem`` sign HyperCard requests; ``public_key_pem`` verifies them.
    """

    email: str
    password: str = attrs.field(repr=False)
    tenant_id: str
    api_key: str
    private_key_pem: str = attrs.field(repr=False)
    public_key_pem: str = attrs.field(repr=False)


class Sandbox:
    """A stateful, strict stand-in for the FinHub and HyperCard APIs, on one base URL.

    Args:
        config: how it behaves (:class:`SandboxConfig`); defaults work out of the box.

    Example::

        async with Sandbox() as sandbox:           # binds 127.0.0.1 on a free port
            print(sandbox.base_url, sandbox.credentials.email)
            sandbox.advance(60)                    # move work orders and token expiry along
            assert not sandbox.contract_violations
    """

    config: SandboxConfig
    credentials: DemoCredentials

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        private_pem = self.config.private_key_pem or demo_key_pair()[0]
        public_pem = public_pem_for(private_pem)
        first_user = self.config.users[0]
        self.credentials = DemoCredentials(
            email=first_user.email,
            password=first_user.password,
            tenant_id=first_user.tenant_id,
            api_key=self.config.merchants[0].api_key,
            private_key_pem=private_pem,
            public_key_pem=public_pem,
        )
        self._runtime = self._make_runtime(public_pem)
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    def _make_runtime(self, public_pem: str) -> Runtime:
        config = self.config
        spec = Path(config.spec_path) if config.spec_path else find_spec()
        return Runtime(
            config=config,
            clock=SandboxClock(frozen_at=config.frozen_time),
            state=SandboxState(),
            faults=FaultSet(config.faults, seed=config.seed),
            contract=Contract(spec if config.validate_contract else None),
            violations=[],
            merchant_keys={
                merchant.api_key: load_public_key(merchant.public_key_pem or public_pem)
                for merchant in config.merchants
            },
            card_types={
                rules.card_type_id: rules for rules in map(read_card_type, config.card_types)
            },
            address_patterns={
                key: re.compile(pattern) for key, pattern in config.address_patterns.items()
            },
            nested_writer=NESTED_WRITERS[config.nested_writer],
            rng=random.Random(config.seed),
        )

    # -- what tests use -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running sandbox (no trailing slash)."""
        if self._base_url is None:
            raise RuntimeError("the sandbox is not running: use 'async with' or start()")
        return self._base_url

    @property
    def state(self) -> SandboxState:
        """Tokens, files, work orders and card applications, readable and changeable."""
        return self._runtime.state

    @property
    def faults(self) -> FaultSet:
        """The fault rules; add or clear them at any time."""
        return self._runtime.faults

    @property
    def clock(self) -> SandboxClock:
        """The sandbox clock."""
        return self._runtime.clock

    @property
    def contract_violations(self) -> list[ContractViolation]:
        """Answers (or crashes) the OpenAPI document does not allow; should stay empty."""
        return self._runtime.violations

    @property
    def contract_enabled(self) -> bool:
        """Whether requests and answers are checked against an OpenAPI document."""
        return self._runtime.contract.enabled

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock forward (token expiry, work order status)."""
        self._runtime.clock.advance(seconds)

    def seed_work_orders(
        self, count: int, *, tenant: str | None = None, trade_type: str = "CARD_ACTIVE"
    ) -> list[str]:
        """Create ``count`` work orders directly in the state; return their ``orderNo``s."""
        tenant_id = tenant or self.credentials.tenant_id
        return seed_work_orders(self._runtime, count, tenant_id=tenant_id, trade_type=trade_type)

    def make_app(self) -> web.Application:
        """The aiohttp application, e.g. for pytest-aiohttp's ``aiohttp_server``."""
        return build_app(self._runtime)

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind ``host:port`` (0: any free port) and wait until the sandbox answers."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        self._runner = runner
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound_host, bound_port = runner.addresses[0][:2]
            shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
            self._base_url = f"http://{shown}:{bound_port}"
            await self._wait_ready()
        except (OSError, aiohttp.ClientError, TimeoutError) as exc:
            await self.stop()
            raise SandboxStartError(
                f"the fincard sandbox could not start on {host}:{port}: {exc}"
            ) from exc

    async def _wait_ready(self) -> None:
        timeout = aiohttp.ClientTimeout(total=_READY_TIMEOUT)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(f"{self.base_url}{ADMIN_PREFIX}/health") as answer,
        ):
            if answer.status != 200:
                raise SandboxStartError(f"health check answered HTTP {answer.status}")

    async def stop(self) -> None:
        """Close the port and drop open connections."""
        runner, self._runner, self._base_url = self._runner, None, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


@contextlib.asynccontextmanager
async def run_sandbox(
    config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[Sandbox]:
    """Run a sandbox for the duration of an ``async with`` block.

    Example::

        async with run_sandbox(SandboxConfig(page_size_cap=5)) as sandbox:
            ...  # sandbox.base_url, sandbox.credentials, sandbox.faults
    """
    sandbox = Sandbox(config)
    await sandbox.start(host=host, port=port)
    try:
        yield sandbox
    finally:
        await sandbox.stop()
