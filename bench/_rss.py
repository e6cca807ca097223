"""One RSS measurement in a fresh process: ``python -m bench._rss '<job json>'``.

Peak RSS is a high-water mark of the whole process, so each measurement gets a process of its
own: nothing the other scenarios allocated can hide or inflate it. After
imports, client set-up and login (one tiny call) the high-water mark is reset to the current
RSS (Linux: ``/proc/self/clear_refs``), because start-up briefly peaks higher than a whole
page walk (compiling the spec, importing); the growth is what paging (or collecting) the
records adds to the peak from there. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import gc
import json
import resource
import sys
import time
from typing import Any

import attrs

from ._contenders import sdk_client, sdk_work_orders

__all__ = ["main"]


@attrs.frozen
class _Endpoints:
    finhub_url: str
    hypercard_url: str


def _reset_peak() -> bool:
    """Reset the process's RSS high-water mark to its current RSS; False when unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _peak_kb() -> int:
    """This process's peak RSS in kB since start (or since :func:`_reset_peak`).

    ``VmHWM`` rather than ``ru_maxrss``: across ``exec`` Linux carries the parent's peak into
    ``ru_maxrss`` (a process forked from the 140 MB harness starts with a 140 MB "peak"),
    while ``VmHWM`` belongs to this process image alone. ``ru_maxrss`` is the fallback.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    # Linux reports kilobytes (macOS bytes; the bench targets Linux)
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


async def _run(job: dict[str, Any]) -> dict[str, Any]:
    endpoints = _Endpoints(job["finhub_url"], job["hypercard_url"])
    async with sdk_client(endpoints, job["private_key"]) as client:
        await client.reference_data.list_cities(region_code="SG")  # login, open a connection
        gc.collect()
        reset = _reset_peak()
        before = _peak_kb()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        records, via = sdk_work_orders(client, job["page_size"])
        if job["mode"] == "materialise":
            kept = [record async for record in records]
            count = len(kept)
        else:
            count = 0
            async for _ in records:
                count += 1
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        after = _peak_kb()
    return {
        "records": count,
        "before_mb": before / 1024,
        "after_mb": after / 1024,
        "growth_mb": (after - before) / 1024,
        "wall": wall,
        "cpu": cpu,
        "via": via,
        "peak_reset": reset,
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str]) -> None:
    """Run the job given as JSON and print its result as one JSON line."""
    result = asyncio.run(_run(json.loads(argv[0])))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
