"""What the bench ran on: CPU, memory, pinning, package versions."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
from collections.abc import Iterator
from pathlib import Path

__all__ = ["cpu_model", "every_core", "memory_gib", "usable_cpus", "versions"]

_PACKAGES = (
    "aiohttp",
    "orjson",
    "cattrs",
    "attrs",
    "httpx",
    "openapi-python-client",
    "cryptography",
    "pyinstrument",
    "fincard-async",
)


def cpu_model() -> str:
    """The CPU model name from ``/proc/cpuinfo`` (or what ``platform`` knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float:
    """Total RAM in GiB from ``/proc/meminfo`` (0 when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def versions() -> list[tuple[str, str]]:
    """Python and the packages that matter, with their installed versions."""
    found = [("python", platform.python_version())]
    for name in _PACKAGES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, "not installed"))
    return found


def usable_cpus() -> list[int]:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


@contextlib.contextmanager
def every_core(cpus: list[int]) -> Iterator[str]:
    """Let the calling thread (and the threads it starts) run on every CPU of ``cpus``.

    Linux sets affinity per thread and a new thread inherits its creator's: the loop's thread
    widened here starts the SDK's signing threads, so they are free too. The pinning in force
    before is restored on exit. Yields a description for the report.
    """
    if not hasattr(os, "sched_setaffinity"):
        yield "the client on every CPU (no affinity control here)"
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        yield f"client free on CPUs {', '.join(map(str, cpus))}"
    finally:
        os.sched_setaffinity(0, before)
