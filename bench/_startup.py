"""Start-up costs, each in fresh subprocesses: ``import fincard_async`` against ``import aiohttp``,
and what the SDK adds to a pytest run that does not use it and to one that opts into its fixtures.

Medians over rounds; the contenders alternate within each round, so load on the machine falls on
both alike. Written as one section of the report.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["startup_section"]

_IMPORT = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"
_OURS = ("fincard_async",)
_PLUGIN = ("-p", "fincard_async.sandbox.pytest_plugin")
# the dev environment has many pytest plugins; only pytest-asyncio matters to the fixtures
_LEAN = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def _seconds_to_import(module: str) -> float:
    code = _IMPORT.format(module)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pytest(folder: Path, *options: str) -> tuple[float, int]:
    """CPU seconds of one pytest run, and how many of our modules it imported.

    CPU rather than wall time: on a shared machine it is what moves least with the load.
    """
    env = {**os.environ, **_LEAN}
    argv = [sys.executable, "-X", "importtime", "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    argv += ["-p", "pytest_asyncio.plugin", *options, str(folder)]
    started = _children_cpu()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env, cwd=folder)
    cpu = _children_cpu() - started
    ours = sum(
        1 for line in out.stderr.splitlines() if line.rsplit("|", 1)[-1].strip().startswith(_OURS)
    )
    return cpu, ours


def _ms(values: Sequence[float]) -> str:
    return f"{1e3 * statistics.median(values):.0f} ms (min {1e3 * min(values):.0f}, max " + (
        f"{1e3 * max(values):.0f})"
    )


def startup_section(rounds: int) -> list[str]:
    """Measure, then the report's section as Markdown lines."""
    imports: dict[str, list[float]] = {"aiohttp": [], "fincard_async": []}
    plain: list[float] = []
    opted: list[float] = []
    counts = (0, 0)
    with tempfile.TemporaryDirectory(prefix="fincard-startup-") as tmp:
        folder = Path(tmp)
        (folder / "test_unrelated.py").write_text("def test_ok():\n    assert True\n")
        for round_ in range(rounds):
            for module in sorted(imports, reverse=bool(round_ % 2)):
                imports[module].append(_seconds_to_import(module))
            (cpu_plain, ours_plain), (cpu_opted, ours_opted) = (
                _pytest(folder),
                _pytest(folder, *_PLUGIN),
            )
            plain.append(cpu_plain)
            opted.append(cpu_opted)
            counts = (ours_plain, ours_opted)
    delta = [b - a for a, b in zip(imports["aiohttp"], imports["fincard_async"], strict=True)]
    return [
        "## Start-up",
        "",
        f"Fresh subprocesses, {rounds} round(s), medians.",
        "",
        "| measure | median |",
        "|---|---:|",
        f"| `import aiohttp` | {_ms(imports['aiohttp'])} |",
        f"| `import fincard_async` | {_ms(imports['fincard_async'])} |",
        f"| `import fincard_async` minus `import aiohttp`, same round (target < 60 ms) "
        f"| {_ms(delta)} |",
        f"| pytest CPU time, one unrelated test, SDK installed | {_ms(plain)} |",
        f"| same, opting into `fincard_async.sandbox.pytest_plugin` | {_ms(opted)} |",
        "",
        f"Modules of ours a pytest run imports: {counts[0]} without opting in (the SDK has no "
        f"pytest11 entry point, so its installed cost is nil), {counts[1]} when opting in "
        "(the plugin itself imports neither the sandbox nor pytest-asyncio; the parent "
        "package `fincard_async` comes with it).",
        "",
    ]
