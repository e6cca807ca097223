"""Profiles of fincard-async where it misses a target: own time by function, and a call tree.

Each profiled workload runs twice. First under :mod:`cProfile`, which times every Python call
and every C call it makes, coroutine resumptions included: its table of *own* time by function
is where the client spends its time, and it is what the report summarises. A sampling profiler
cannot give that table for async code: the C task step that resumes a coroutine is no Python
frame, so pyinstrument charged most of a run to "[self] asyncio/events.py". cProfile's price
is a fixed cost per call event, which inflates small functions called often: compare shares
between the SDK's profile and the raw client's, not times with the bench's. Then under
pyinstrument (every 0.5 ms, ``async_mode="disabled"``: the whole event loop, every task), whose
tree shows which path led where. Time in ``select``/``epoll`` is the loop waiting for the server.

Files are named relative to the repository, its site-packages or the standard library: a saved
profile must not carry the absolute paths of the machine that ran it.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import site
import sysconfig
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

import attrs
from pyinstrument import Profiler

from ._server import ROOT

__all__ = ["ProfileSummary", "profile", "where"]

# path fragment -> layer, first match wins
_LAYERS = (
    ("bench/", "bench harness"),
    ("fincard_async/_generated", "fincard_async._generated (generated)"),
    ("fincard_async", "fincard_async"),
    ("<attrs generated", "attrs-generated code"),
    ("<cattrs generated", "cattrs-generated hooks"),
    ("cattrs", "cattrs"),
    ("cryptography", "cryptography"),
    ("aiohttp", "aiohttp"),
    ("yarl", "yarl/multidict"),
    ("multidict", "yarl/multidict"),
    ("asyncio", "asyncio"),
    ("attr", "attrs"),
    ("orjson", "orjson"),
    ("json", "json"),
)

# longest first: the virtualenv's site-packages sits inside the repository
_BASES = sorted(
    {
        *site.getsitepackages(),
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
        sysconfig.get_paths()["stdlib"],
        str(ROOT),
    },
    key=len,
    reverse=True,
)

Key = tuple[str, int, str]  # pstats: file, line, function
Entry = tuple[int, int, float, float, Mapping[Key, tuple[int, int, float, float]]]


@attrs.frozen(kw_only=True)
class ProfileSummary:
    """What a profile shows, in numbers."""

    label: str
    path: Path
    seconds: float
    layers: list[tuple[str, float]]  # layer, share of own time
    functions: list[tuple[str, float]]  # function, share of own time


def where(key: Key) -> str:
    """``name (file:line)`` with the file relative to the repository, its site-packages or the
    standard library; a C function keeps the name cProfile gives it."""
    file, line, function = key
    if file == "~":
        return function
    shown = next(
        (os.path.relpath(file, base) for base in _BASES if file.startswith(base + os.sep)),
        file,  # code compiled at run time: "<fincard_async fast structure CityNode #8>"
    )
    return f"{function} ({shown}:{line})"


def _path_layer(file: str) -> str:
    return next((layer for fragment, layer in _LAYERS if fragment in file), "other")


def _c_layer(function: str, caller: Key | None) -> str:
    if "poll" in function or "select" in function:
        return "waiting for the server (epoll)"
    if "of '_socket.socket'" in function or "socket." in function:
        return "socket syscalls"
    if "RSAPrivateKey" in function:
        return "cryptography (RSA)"
    return f"C calls from {_path_layer(caller[0]) if caller is not None else 'other'}"


def _layers(stats: Mapping[Key, Entry]) -> dict[str, float]:
    """Seconds of own time per layer; a C function's is split among the layers calling it."""
    layers: defaultdict[str, float] = defaultdict(float)
    for key, (_, _, own, _, callers) in stats.items():
        if key[0] != "~":
            layers[_path_layer(key[0])] += own
            continue
        for caller, (_, _, from_caller, _) in callers.items():
            layers[_c_layer(key[2], caller)] += from_caller
        if not callers:  # the profiler's own entry point
            layers[_c_layer(key[2], None)] += own
    return layers


def _shares(seconds: Mapping[str, float], total: float, top: int) -> list[tuple[str, float]]:
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)
    return [(name, t / total) for name, t in ranked[:top]]


def _own_time_table(stats: Mapping[Key, Entry], total: float, rows: int) -> str:
    ranked = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:rows]
    lines = [f"{'own s':>8} {'own %':>6} {'calls':>9} {'cumul. s':>9}  function"]
    for key, (_, calls, own, cumulative, _) in ranked:
        share = own / total if total else 0.0
        lines.append(f"{own:8.4f} {share:6.1%} {calls:9,} {cumulative:9.4f}  {where(key)}")
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    # between measurements: blocking the loop here costs nothing that is measured
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_relative(text))


def _relative(text: str) -> str:
    """Files named relative to the repository: a saved profile must not carry the absolute
    path of the machine that ran it (pyinstrument writes "Profile at <absolute path>")."""
    return text.replace(f"{ROOT}{os.sep}", "").replace(str(ROOT), ".")


async def _own_times(run: Callable[[], Awaitable[object]]) -> dict[Key, Entry]:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        await run()
    finally:
        profiler.disable()
    stats: dict[Key, Entry] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return stats


async def _tree(run: Callable[[], Awaitable[object]]) -> str:
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        await run()
    finally:
        profiler.stop()
    return profiler.output_text(
        unicode=False, color=False, processor_options={"filter_threshold": 0.005}
    )


async def profile(
    label: str, run: Callable[[], Awaitable[object]], path: Path, *, top: int = 15
) -> ProfileSummary:
    """Profile ``run()`` (twice: own times, then the tree); write both to ``path``."""
    stats = await _own_times(run)
    tree = await _tree(run)
    total = sum(entry[2] for entry in stats.values())
    calls = sum(entry[1] for entry in stats.values())
    functions = {where(key): entry[2] for key, entry in stats.items()}
    layers = _layers(stats)
    header = (
        f"# {label}\n\n## Own time by function (cProfile)\n\n{total:.2f} s of own time "
        f"under cProfile, {calls:,} calls. Own time excludes the functions a function calls; "
        "a C function's line is its own (for `<method 'run' of '_contextvars.Context' "
        "objects>`, the C task steps that resume coroutines); a coroutine counts a call per "
        "resumption. cProfile's cost per call inflates small functions called often.\n\n"
    )
    by_layer = "\n".join(f"{share:6.1%}  {name}" for name, share in _shares(layers, total, 20))
    _write(
        path,
        f"{header}{_own_time_table(stats, total, 3 * top)}\n\n## Own time by layer\n\n"
        f"{by_layer}\n\n## Call tree (pyinstrument, sampled; a second run)\n\n{tree}",
    )
    return ProfileSummary(
        label=label,
        path=path,
        seconds=total,
        layers=_shares(layers, total, len(layers)),
        functions=_shares(functions, total, top),
    )
