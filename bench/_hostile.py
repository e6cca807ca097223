"""The "hostile answer" scenario's runs: each case refused by a fresh SDK client process.

The cases and their server are the hostile suite's (``tests/hostile``); this module only
picks the ones that measure CPU and memory (the timing cases, trickle and endless headers,
measure the timeouts instead and live in ``make hostile``).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["run_hostile_cases"]


# the smoke run keeps three cases: each is a fresh interpreter (half a second of start-up)
_SMOKE_CASES = ("200 MB body, undeclared", "1 MB string where a list belongs")


def run_hostile_cases(scale: float) -> list[dict[str, Any]]:
    """One measurement per case: outcome, client CPU and wall seconds, peak RSS growth MB.

    Below full scale (the smoke run) only a few cases run.
    """
    # imported at run time: the suite lives in tests/, which type-checks on its own
    run: Any = importlib.import_module("tests.hostile.run")
    server = run.start_server()
    cases = [c for c in run.cases(scale) if c.expected != "APITimeoutError"]
    cases = [c for c in cases if c.name != "endless headers"]
    if scale < 1:
        cases = [c for c in cases if c.name in _SMOKE_CASES or c.name.startswith("gzip")]
    return [run.measure_case(server, case) for case in cases]
