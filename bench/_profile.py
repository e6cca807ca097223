"""Profiles of fincard-async where it misses a target: pyinstrument text, and a summary.

The profiler samples every 0.5 ms with ``async_mode="disabled"``, so the whole event loop is
seen (every task, every callback), not one task's await chain: where the client process
spends its CPU is the question. Time in ``select``/``epoll`` is the loop waiting for the
server.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import attrs
from pyinstrument import Profiler
from pyinstrument.frame import Frame

from ._server import ROOT

__all__ = ["ProfileSummary", "profile"]

# path fragment -> layer, first match wins
_LAYERS = (
    ("bench/", "bench harness"),
    ("fincard_async", "fincard_async"),
    ("fincard_async/_generated", "fincard_async._generated (generated)"),
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


@attrs.frozen(kw_only=True)
class ProfileSummary:
    """What a profile shows, in numbers."""

    label: str
    path: Path
    seconds: float
    layers: list[tuple[str, float]]  # layer, share of samples (self time)
    functions: list[tuple[str, float]]  # function, share of samples (self time)


def _path_layer(frame: Frame) -> str:
    path = frame.file_path or ""
    return next((layer for fragment, layer in _LAYERS if fragment in path), "other")


def _layer(frame: Frame) -> str:
    if frame.file_path != "<built-in>":
        return _path_layer(frame)
    name = frame.function
    if "poll" in name or "select" in name:
        return "waiting for the server (epoll)"
    if name.startswith("socket."):
        return "socket syscalls"
    if "RSAPrivateKey" in name:
        return "cryptography (RSA)"
    caller = frame.parent
    while caller is not None and caller.file_path == "<built-in>":
        caller = caller.parent
    return f"C calls from {_path_layer(caller) if caller is not None else 'other'}"


def _frames(frame: Frame) -> Iterator[Frame]:
    stack = [frame]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _summarise(root: Frame, top: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    layers: defaultdict[str, float] = defaultdict(float)  # seconds of self time
    functions: defaultdict[str, float] = defaultdict(float)
    for frame in _frames(root):
        own = frame.total_self_time  # includes its synthetic [self]/[await] children
        if frame.is_synthetic or own <= 0:
            continue
        layers[_layer(frame)] += own
        where = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        functions[where] += own
    total = sum(layers.values()) or 1.0
    return _shares(layers, total, len(layers)), _shares(functions, total, top)


def _shares(seconds: dict[str, float], total: float, top: int) -> list[tuple[str, float]]:
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)
    return [(name, t / total) for name, t in ranked[:top]]


def _write(path: Path, text: str) -> None:
    # between measurements: blocking the loop here costs nothing that is measured
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_relative(text))


def _relative(text: str) -> str:
    """Files named relative to the repository: a saved profile must not carry the absolute
    path of the machine that ran it (pyinstrument writes "Profile at <absolute path>")."""
    return text.replace(f"{ROOT}{os.sep}", "").replace(str(ROOT), ".")


async def profile(
    label: str, run: Callable[[], Awaitable[object]], path: Path, *, top: int = 15
) -> ProfileSummary:
    """Profile one ``run()``; write the tree and the flat self-time list to ``path``."""
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        await run()
    finally:
        profiler.stop()
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    assert root is not None
    layers, functions = _summarise(root, top)
    tree = profiler.output_text(
        unicode=False, color=False, processor_options={"filter_threshold": 0.005}
    )
    flat = profiler.output_text(unicode=False, color=False, flat=True, show_all=True)
    flat_top = "\n".join(flat.splitlines()[: top + 12])
    _write(path, f"# {label}\n\n## Flat (self time)\n\n{flat_top}\n\n## Tree\n\n{tree}")
    return ProfileSummary(
        label=label,
        path=path,
        seconds=session.duration,
        layers=layers,
        functions=functions,
    )
