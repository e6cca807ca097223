"""The token scenario measures what it names: a burst that finds the token expired, or no token
at all, costs exactly one login, and a count other than one reads as a miss."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench.__main__ import TEST_KEY, _server_plan  # noqa: E402
from bench._measure import Sample  # noqa: E402
from bench._plan import SMOKE  # noqa: E402
from bench._scenarios import TOKEN_ROWS, Scenario, token_scenario  # noqa: E402
from bench._server import ServerHandle, start_server  # noqa: E402
from bench._targets import evaluate  # noqa: E402

PLAN = attrs.evolve(SMOKE, rounds=2, token_burst=50)


@pytest.fixture
def server() -> Iterator[ServerHandle]:
    handle = start_server(_server_plan(PLAN, None))
    try:
        yield handle
    finally:
        handle.stop()


async def test_each_burst_costs_exactly_one_login(server: ServerHandle) -> None:
    async with server:
        scenario = await token_scenario(plan=PLAN, server=server, private_key=TEST_KEY.read_text())
    rows = [(s.contender, s.round) for s in scenario.samples]
    assert rows == [(row, r) for r in range(PLAN.rounds) for row in TOKEN_ROWS]
    # the expired row's client logged in once before the burst: a fresh token would read 0
    assert [s.extra["logins"] for s in scenario.samples] == [1] * len(rows)
    (verdict,) = evaluate({"token": scenario})
    assert verdict.passed, verdict.measured


def _scenario(expired: list[int], cold: list[int]) -> Scenario:
    scenario = Scenario(key="token", title="t", what="w", metric=None, contenders=TOKEN_ROWS)  # type: ignore[arg-type]
    for row, counts in zip(TOKEN_ROWS, (expired, cold), strict=True):
        for r, logins in enumerate(counts):
            sample = Sample(contender=row, round=r, wall=1.0, cpu=1.0, extra={"logins": logins})
            scenario.samples.append(sample)
    return scenario


@pytest.mark.parametrize(
    ("expired", "cold", "passed"),
    [([1, 1], [1, 1], True), ([0, 0], [1, 1], False), ([1, 2], [1, 1], False), ([1], [3], False)],
)
def test_the_target_shows_the_counts_and_misses_any_but_one(
    expired: list[int], cold: list[int], passed: bool
) -> None:
    (verdict,) = evaluate({"token": _scenario(expired, cold)})
    assert verdict.passed is passed
    assert f"token expired before the burst: logins {sorted(set(expired))}" in verdict.measured
    assert f"logins {sorted(set(cold))}" in verdict.measured
