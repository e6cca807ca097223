"""Run an example as a program: against your FINCARD_* settings, or an embedded sandbox.

Every example reads its credentials from the ``FINCARD_*`` variables, as an application would.
When ``FINCARD_FINHUB_BASE_URL`` is not set, :func:`run` starts the sandbox in this process and
sets the variables to its demo credentials first, so ``python -m examples.quickstart`` works on
a fresh clone.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fincard_async.sandbox import Sandbox, run_sandbox

__all__ = ["ENV_NAMES", "run", "sandbox_env"]

T = TypeVar("T")


# every variable sandbox_env() sets: what a test clears first
ENV_NAMES = (
    "FINCARD_FINHUB_BASE_URL",
    "FINCARD_FINHUB_EMAIL",
    "FINCARD_FINHUB_PASSWORD",
    "FINCARD_FINHUB_TENANT_ID",
    "FINCARD_HYPERCARD_BASE_URL",
    "FINCARD_HYPERCARD_API_KEY",
    "FINCARD_HYPERCARD_PRIVATE_KEY",
)


def sandbox_env(sandbox: Sandbox) -> dict[str, str]:
    """The ``FINCARD_*`` variables that point both API families at ``sandbox``."""
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


def run(main: Callable[[], Awaitable[T]]) -> T:
    """``asyncio.run(main())``, inside a sandbox when no FINCARD_* settings are given."""
    if os.environ.get("FINCARD_FINHUB_BASE_URL"):
        return asyncio.run(_call(main))

    async def in_sandbox() -> T:
        async with run_sandbox() as sandbox:
            os.environ.update(sandbox_env(sandbox))
            return await main()

    return asyncio.run(in_sandbox())


async def _call(main: Callable[[], Awaitable[T]]) -> T:
    return await main()
