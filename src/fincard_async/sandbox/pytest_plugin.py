"""pytest fixtures for the fincard sandbox (registered through the ``pytest11`` entry point).

Fixtures:
    ``fincard_sandbox_config``: the :class:`SandboxConfig` to use; override it in a conftest.
    ``fincard_sandbox``: a running sandbox on loopback, one per test. After the test it
        fails the test if the sandbox saw contract violations (unless ``strict=False``).
    ``fincard_client_options``: extra keyword arguments for ``FincardClient`` (timeouts...).
    ``fincard_client``: a ``FincardClient`` pointed at the sandbox, yielded from inside
        ``async with``.

Per test, ``@pytest.mark.fincard_sandbox(page_size_cap=5)`` changes config fields.

Sandbox modules are imported inside the fixtures, so that loading this plugin costs nothing
for test runs that never use them.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

if TYPE_CHECKING:
    from fincard_async.sandbox import Sandbox, SandboxConfig

__all__ = [
    "fincard_client",
    "fincard_client_options",
    "fincard_sandbox",
    "fincard_sandbox_config",
]

_CLIENT_NAMES = ("FincardClient", "FinHubConfig", "HyperCardConfig", "EndUser")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fincard_sandbox`` marker."""
    config.addinivalue_line(
        "markers", "fincard_sandbox(**fields): SandboxConfig fields for the fincard_sandbox fixture"
    )


@pytest.fixture
def fincard_sandbox_config() -> SandboxConfig:
    """The sandbox settings; override this fixture to change them for a module or package."""
    from fincard_async.sandbox import SandboxConfig

    return SandboxConfig()


@pytest_asyncio.fixture
async def fincard_sandbox(
    request: pytest.FixtureRequest, fincard_sandbox_config: SandboxConfig
) -> AsyncIterator[Sandbox]:
    """A sandbox running on ``127.0.0.1`` (a free port) for one test."""
    import attrs

    from fincard_async.sandbox import run_sandbox

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
def fincard_client_options() -> dict[str, Any]:
    """Extra ``FincardClient`` keyword arguments (``timeout=``, ``retry=``...)."""
    return {}


@pytest_asyncio.fixture
async def fincard_client(
    fincard_sandbox: Sandbox, fincard_client_options: dict[str, Any]
) -> AsyncIterator[Any]:
    """A ``FincardClient`` using the sandbox's demo credentials for both API families."""
    names = _client_names()
    credentials = fincard_sandbox.credentials
    finhub = names["FinHubConfig"](
        base_url=fincard_sandbox.base_url,
        email=credentials.email,
        password=credentials.password,
        tenant_id=credentials.tenant_id,
        forwarded_from="fincard-sandbox-tests",
        end_user=names["EndUser"](ip="203.0.113.7", platform="web", device_id="sandbox-device-1"),
    )
    hypercard = names["HyperCardConfig"](
        base_url=fincard_sandbox.base_url,
        api_key=credentials.api_key,
        private_key=credentials.private_key_pem,
        **_accepted(
            names["HyperCardConfig"],
            nested_writer=fincard_sandbox.config.nested_writer,
            address_patterns=dict(fincard_sandbox.config.address_patterns),
        ),
    )
    client = names["FincardClient"](finhub=finhub, hypercard=hypercard, **fincard_client_options)
    async with client:
        yield client


def _accepted(factory: Any, **options: Any) -> dict[str, Any]:
    # Settings the sandbox and the client must share, passed only if the client takes them.
    parameters = inspect.signature(factory).parameters
    return {name: value for name, value in options.items() if name in parameters}


def _client_names() -> dict[str, Any]:
    # Looked up at run time: the plugin must load (and the sandbox fixtures work) even in a
    # tree where the client is not importable.
    package = importlib.import_module("fincard_async")
    missing = [name for name in _CLIENT_NAMES if not hasattr(package, name)]
    if missing:
        pytest.skip(f"fincard_client needs fincard_async.{', '.join(missing)}, not available")
    return {name: getattr(package, name) for name in _CLIENT_NAMES}
