"""A stateful, strict sandbox of the FinHub and HyperCard APIs, on one local base URL.

Like stripe-mock, but with state: logins issue tokens that expire, uploads are stored and
checked by content, work orders are idempotent on ``merchantOrderNo`` and move through their
statuses as the sandbox clock advances, HyperCard requests must carry a valid signature, a
fresh timestamp and an unused nonce. Every request and answer is checked against the
OpenAPI document, and faults can be injected per operation.

Run it in-process::

    async with run_sandbox() as sandbox:
        sandbox.base_url, sandbox.credentials, sandbox.faults, sandbox.advance(60)

from the shell (``python -m fincard_async.sandbox --port 8765``), or through the pytest
fixtures ``fincard_sandbox`` and ``fincard_client``.

Names are imported lazily, so that loading the pytest plugin stays cheap for test runs that
never start a sandbox.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._config import Merchant, SandboxConfig, SandboxUser
    from ._contract import ContractViolation
    from ._faults import FaultRule
    from ._server import DemoCredentials, Sandbox, SandboxStartError, run_sandbox

__all__ = [
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

_HOMES: Final = {
    "ContractViolation": "._contract",
    "DemoCredentials": "._server",
    "FaultRule": "._faults",
    "Merchant": "._config",
    "Sandbox": "._server",
    "SandboxConfig": "._config",
    "SandboxStartError": "._server",
    "SandboxUser": "._config",
    "run_sandbox": "._server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
