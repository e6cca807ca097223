"""pytest fixtures for the fincard sandbox. Opt in from your root ``conftest.py``::

    pytest_plugins = ["fincard_async.sandbox.pytest_plugin"]

(or ``-p fincard_async.sandbox.pytest_plugin``). It is not registered through a ``pytest11``
entry point: pytest loads entry-point plugins into every test run of the environment and marks
every module of their distribution for assertion rewriting, so an SDK imported before
``pytest.main()`` would warn in suites that never use these fixtures.

Fixtures (``pip install 'fincard-async[testing]'`` brings what they need):
    ``fincard_sandbox_config``: the :class:`SandboxConfig` to use; override it in a conftest.
    ``fincard_sandbox``: a running sandbox on loopback, one per test. After the test it
        fails the test if the sandbox saw contract violations (unless ``strict=False``).
    ``fincard_client_options``: extra ``FincardClient`` keyword arguments (timeouts...), a
        :class:`FincardClientOptions`.
    ``fincard_client``: a ``FincardClient`` pointed at the sandbox, yielded from inside
        ``async with``.

Per test, ``@pytest.mark.fincard_sandbox(page_size_cap=5)`` changes config fields.

Loading this module imports neither pytest-asyncio nor the sandbox: the fixtures live in
``_pytest_fixtures`` (registered only when pytest-asyncio is active, so it is imported already)
and import the sandbox when a test uses them. Without pytest-asyncio, the same fixture names
fail the tests that use them with a message naming the extra; other tests are untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TypedDict

import pytest

if TYPE_CHECKING:
    import aiohttp

    from fincard_async import ConnectionLimits, OrderNumberGenerator, RetryPolicy, Timeout
    from fincard_async._retry import Clock

__all__ = ["FincardClientOptions", "pytest_configure"]

_FIXTURES_PLUGIN = "fincard_async.sandbox.fixtures"


class FincardClientOptions(TypedDict, total=False):
    """Keyword arguments the ``fincard_client`` fixture passes on to ``FincardClient``."""

    timeout: Timeout
    retry: RetryPolicy
    limits: ConnectionLimits
    trace_configs: Sequence[aiohttp.TraceConfig]
    order_numbers: OrderNumberGenerator
    reference_data_ttl: float
    card_types_ttl: float
    clock: Clock


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fincard_sandbox`` marker and the fixtures (or their stand-ins)."""
    config.addinivalue_line(
        "markers", "fincard_sandbox(**fields): SandboxConfig fields for the fincard_sandbox fixture"
    )
    if config.pluginmanager.has_plugin(_FIXTURES_PLUGIN):
        return
    fixtures: object
    if _asyncio_plugin_active(config):
        from . import _pytest_fixtures

        fixtures = _pytest_fixtures
    else:
        fixtures = _WithoutAsyncio()
    config.pluginmanager.register(fixtures, _FIXTURES_PLUGIN)


def _asyncio_plugin_active(config: pytest.Config) -> bool:
    # pytest-asyncio's entry point registers it as "asyncio"; -p pytest_asyncio.plugin uses
    # the module's name
    manager = config.pluginmanager
    return manager.has_plugin("asyncio") or manager.has_plugin("pytest_asyncio.plugin")


def _fail_without_asyncio(fixture: str) -> NoReturn:
    pytest.fail(
        f"the {fixture} fixture needs pytest-asyncio, which is not installed or not active: "
        "pip install 'fincard-async[testing]'",
        pytrace=False,
    )


class _WithoutAsyncio:
    """The fixture names, failing only the tests that use them."""

    @pytest.fixture
    def fincard_sandbox_config(self) -> NoReturn:
        _fail_without_asyncio("fincard_sandbox_config")

    @pytest.fixture
    def fincard_sandbox(self) -> NoReturn:
        _fail_without_asyncio("fincard_sandbox")

    @pytest.fixture
    def fincard_client_options(self) -> NoReturn:
        _fail_without_asyncio("fincard_client_options")

    @pytest.fixture
    def fincard_client(self) -> NoReturn:
        _fail_without_asyncio("fincard_client")
