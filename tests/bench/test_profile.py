"""A saved profile names where the client's time goes, function by function, with file names
relative to the repository (never the absolute paths of the machine that ran it)."""

from __future__ import annotations

import asyncio
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench._profile import profile  # noqa: E402


async def _busy_coroutine() -> int:
    total = 0
    for step in range(200):
        total += sum(i * i for i in range(2_000))  # the CPU the profile must find
        if step % 20 == 0:
            await asyncio.sleep(0)  # resumed by a C task step each time
    return total


async def _tasks() -> None:
    await asyncio.gather(*(_busy_coroutine() for _ in range(4)))


async def test_own_time_is_charged_to_the_coroutines_that_spend_it(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    summary = await profile("busy tasks", _tasks, path)
    text = path.read_text()
    here = "tests/bench/test_profile.py"
    functions = dict(summary.functions)
    generator = next(name for name in functions if name.startswith("<genexpr>"))
    coroutine = next(name for name in functions if name.startswith("_busy_coroutine"))
    assert generator == f"<genexpr> ({here}:21)"
    assert coroutine == f"_busy_coroutine ({here}:18)"
    # the generator and the sum over it are the work: most of the own time, nothing for asyncio
    assert functions[generator] + functions.get("<built-in method builtins.sum>", 0) > 0.6
    assert dict(summary.layers).get("asyncio", 0.0) < 0.1
    assert "## Own time by function (cProfile)" in text
    assert "## Call tree (pyinstrument" in text
    assert f"_busy_coroutine ({here}:18)" in text
    assert "asyncio/tasks.py" in text  # the standard library, relative to itself
    for absolute in (str(ROOT), sysconfig.get_paths()["stdlib"], sys.prefix):
        assert absolute not in text
