"""The stock openapi-python-client client, generated at bench time from the published spec."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ._server import ROOT

__all__ = ["generate_stock_client"]

SPEC = ROOT / "openapi" / "fincard.yaml"
PACKAGE = "stock_client"


def generate_stock_client(workdir: Path) -> ModuleType:
    """Generate the client with the generator's own templates into ``workdir`` and import it.

    Uses ``--meta none``, so ``workdir/stock_client`` is the package itself. The generator's
    ruff post-hooks run when ruff is next to the interpreter, as on a developer machine.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--meta",
        "none",
        "--output-path",
        str(workdir / PACKAGE),
        "--overwrite",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not (workdir / PACKAGE / "client.py").exists():
        raise RuntimeError(f"stock generation failed:\n{done.stdout}\n{done.stderr}")
    if str(workdir) not in sys.path:
        sys.path.insert(0, str(workdir))
    return importlib.import_module(PACKAGE)
