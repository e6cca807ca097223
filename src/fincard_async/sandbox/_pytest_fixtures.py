"""The sandbox fixtures themselves; see :mod:`fincard_async.sandbox.pytest_plugin`.

Imported only when pytest-asyncio is active. The sandbox and the client are imported inside the
fixtures, so test runs that never use them never load them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from ._extras import missing_extra
from .pytest_plugin import FincardClientOptions

if TYPE_CHECKING:
    from fincard_async import FincardClient

    from . import Sandbox, SandboxConfig

__all__ = [
    "fincard_client",
    "fincard_client_options",
    "fincard_sandbox",
    "fincard_sandbox_config",
]


def _require_sandbox() -> None:
    # the server module imports everything the sandbox needs: a missing extra shows here
    try:
        from . import _server  # noqa: F401
    except ModuleNotFoundError as error:
        pytest.fail(missing_extra("the fincard sandbox", error, "testing"), pytrace=False)


@pytest.fixture
def fincard_sandbox_config() -> SandboxConfig:
    """The sandbox settings; override this fixture to change them for a module or package."""
    _require_sandbox()
    from ._config import SandboxConfig

    return SandboxConfig()


@pytest_asyncio.fixture
async def fincard_sandbox(
    request: pytest.FixtureRequest, fincard_sandbox_config: SandboxConfig
) -> AsyncIterator[Sandbox]:
    """A sandbox running on ``127.0.0.1`` (a free port) for one test."""
    import attrs

    _require_sandbox()
    from ._server import run_sandbox

    marker = request.node.get_closest_marker("fincard_sandbox")
    config = fincard_sandbox_config
    if marker is not None:
        config = attrs.evolve(config, **marker.kwargs)
    async with run_sandbox(config) as sandbox:
        yield sandbox
        violations = list(sandbox.contract_violations)
    if violations and config.strict:
        details = "\n".join(f"  - {violation}" for violation in violations)
        pytest.fail(f"the sandbox saw contract violations:\n{details}", pytrace=False)


@pytest.fixture
def fincard_client_options() -> FincardClientOptions:
    """Extra ``FincardClient`` keyword arguments (``timeout=``, ``retry=``...)."""
    return {}


@pytest_asyncio.fixture
async def fincard_client(
    fincard_sandbox: Sandbox, fincard_client_options: FincardClientOptions
) -> AsyncIterator[FincardClient]:
    """A ``FincardClient`` using the sandbox's demo credentials for both API families."""
    from fincard_async import EndUser, FincardClient, FinHubConfig, HyperCardConfig

    credentials = fincard_sandbox.credentials
    finhub = FinHubConfig(
        base_url=fincard_sandbox.base_url,
        email=credentials.email,
        password=credentials.password,
        tenant_id=credentials.tenant_id,
        forwarded_from="fincard-sandbox-tests",
        end_user=EndUser(ip="203.0.113.7", platform="web", device_id="sandbox-device-1"),
    )
    hypercard = HyperCardConfig(
        base_url=fincard_sandbox.base_url,
        api_key=credentials.api_key,
        private_key=credentials.private_key_pem,
        nested_writer=fincard_sandbox.config.nested_writer,
        address_patterns=dict(fincard_sandbox.config.address_patterns),
    )
    client = FincardClient(finhub=finhub, hypercard=hypercard, **fincard_client_options)
    async with client:
        yield client
