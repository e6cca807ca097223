"""Run the sandbox from the shell: ``python -m fincard_async.sandbox --port 8765``.

Prints the base URL, the FinHub demo credentials, the HyperCard api-key, the path of a
freshly generated demo private key (removed on exit) and the matching public key, then
serves until interrupted. ``--port 0`` picks a free port and prints it.

The sandbox's modules are imported after the arguments are read, so ``--help`` works without
the ``sandbox`` extra and a run without it says which extra to install.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._extras import missing_extra

if TYPE_CHECKING:
    from ._server import Sandbox

__all__ = ["main"]


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m fincard_async.sandbox",
        description="Local, stateful sandbox of the FinHub and HyperCard APIs.",
        epilog="Needs the sandbox extra: pip install 'fincard-async[sandbox]'.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one")
    parser.add_argument("--seed", type=int, default=None, help="seed for faults and order numbers")
    parser.add_argument("--page-size-cap", type=int, default=100)
    parser.add_argument("--city-tree-size", type=int, default=None)
    parser.add_argument("--login-bare", action="store_true", help="answer login without envelope")
    parser.add_argument("--no-contract", action="store_true", help="skip OpenAPI validation")
    return parser.parse_args(argv)


def _write_private_key(pem: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="fincard-sandbox-", suffix=".pem")
    with os.fdopen(handle, "w", encoding="ascii") as file:
        file.write(pem)
    return Path(name)


def _banner(sandbox: Sandbox, key_file: Path) -> str:
    credentials = sandbox.credentials
    lines = [
        f"fincard sandbox running at {sandbox.base_url}",
        f"base_url: {sandbox.base_url}",
        f"finhub_email: {credentials.email}",
        f"finhub_password: {credentials.password}",
        f"finhub_tenant_id: {credentials.tenant_id}",
        f"hypercard_api_key: {credentials.api_key}",
        f"hypercard_private_key_file: {key_file}",
        "hypercard_public_key:",
        credentials.public_key_pem.rstrip(),
        "(demo-only credentials; the key file is removed on exit. Ctrl+C stops.)",
    ]
    return "\n".join(lines)


async def _serve(args: argparse.Namespace) -> int:
    from ._config import SandboxConfig
    from ._keys import generate_key_pair
    from ._server import Sandbox, SandboxStartError

    stop = _stop_on_signals()  # before the banner: a caller may signal as soon as it reads it
    private_pem, _ = generate_key_pair()
    config = SandboxConfig(
        private_key_pem=private_pem,
        seed=args.seed,
        page_size_cap=args.page_size_cap,
        city_tree_size=args.city_tree_size,
        login_envelope=not args.login_bare,
        validate_contract=not args.no_contract,
    )
    sandbox = Sandbox(config)
    key_file = _write_private_key(private_pem)
    try:
        await sandbox.start(host=args.host, port=args.port)
        print(_banner(sandbox, key_file), flush=True)
        await stop.wait()
    except SandboxStartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        await sandbox.stop()
        key_file.unlink(missing_ok=True)
    return 0


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    return stop


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parse(argv)
    try:
        from . import _server  # noqa: F401 - imports everything the sandbox needs
    except ModuleNotFoundError as error:
        print(f"error: {missing_extra('the sandbox', error, 'sandbox')}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
