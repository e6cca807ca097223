"""Every ratio is kept with its per-round range, and the next run tells noise from change."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench import _history  # noqa: E402
from bench._measure import Sample  # noqa: E402
from bench._scenarios import CALLS_PER_S, CPU_MS_PER_CALL, Metric, Scenario  # noqa: E402
from bench._targets import evaluate  # noqa: E402

STARTED = datetime.datetime(2026, 11, 29, 7, 19, tzinfo=datetime.UTC)
RAW, SDK = "raw aiohttp + json", "fincard-async"
TINY = "Tiny finhub calls at c=64: >= 1.0x raw aiohttp+json (throughput)"
TREE = "City tree: client CPU <= 1.2x raw aiohttp+json"


def _scenario(key: str, metric: Metric, sdk_per_round: list[float]) -> Scenario:
    """Raw makes 100 calls in 1 s (1 ms CPU per call) every round; the SDK the given factor."""
    scenario = Scenario(key=key, title=key, what="", metric=metric, contenders=[RAW, SDK])
    for r, factor in enumerate(sdk_per_round):
        scenario.samples.append(Sample(contender=RAW, round=r, wall=1.0, cpu=0.1, count=100))
        sdk = Sample(contender=SDK, round=r, wall=1.0 / factor, cpu=0.1 * factor, count=100)
        scenario.samples.append(sdk)
    return scenario


def _record(tiny: list[float], tree: list[float]) -> _history.Record:
    scenarios = {
        "tiny-finhub-c64": _scenario("tiny-finhub-c64", CALLS_PER_S, tiny),
        "city-tree-c4": _scenario("city-tree-c4", CPU_MS_PER_CALL, tree),
    }
    verdicts = evaluate(scenarios)
    return _history.record(
        plan="full", rounds=len(tiny), started=STARTED, scenarios=scenarios, verdicts=verdicts
    )


def test_a_ratio_is_kept_with_its_per_round_range(tmp_path: Path) -> None:
    now = _record(tiny=[0.9, 0.8, 1.0], tree=[1.5, 1.4, 1.6])
    path = tmp_path / "RESULTS.json"
    _history.save(path, now)
    kept = _history.load(path)
    assert kept is not None
    tiny = kept["targets"][TINY]
    assert (tiny["ratio"], tiny["low"], tiny["high"]) == (0.9, 0.8, 1.0)
    assert tiny["measured"] == "0.90x (rounds 0.80-1.00)"
    assert tiny["result"] == "MISS"
    sdk = kept["scenarios"]["city-tree-c4"]["contenders"][SDK]
    assert round(sdk["ratio"], 6) == 1.5
    assert round(sdk["median"], 6) == 1.5  # client CPU ms per call
    assert kept["scenarios"]["city-tree-c4"]["contenders"][RAW]["ratio"] is None


def test_a_change_within_the_spread_is_noise_and_beyond_it_is_marked() -> None:
    previous = _record(tiny=[0.9, 0.8, 1.0], tree=[1.5, 1.45, 1.55])  # ±11%, ±3%
    # throughput: 0.85x is 6% lower (noise); tree CPU 1.8x is 20% higher (worse: lower is better)
    now = _record(tiny=[0.85, 0.84, 0.86], tree=[1.8, 1.78, 1.82])
    changes = {text: change for text, _, _, change in _history.target_changes(previous, now)}
    assert changes[TINY] == "-6% (within noise ±11%)"
    assert changes[TREE] == "+20% (WORSE, noise ±3%)"
    better = _record(tiny=[1.2, 1.19, 1.21], tree=[1.2, 1.19, 1.21])
    changes = {text: change for text, _, _, change in _history.target_changes(previous, better)}
    assert changes[TINY] == "+33% (better, noise ±11%)"
    assert changes[TREE] == "-20% (better, noise ±3%)"
    section = "\n".join(_history.compare(previous, now))
    assert (
        "| tiny-finhub-c64 | fincard-async | 0.90x | 0.85x | -6% (within noise ±11%) |" in section
    )


def test_no_comparison_without_a_previous_run_of_the_same_kind(tmp_path: Path) -> None:
    now = _record(tiny=[0.9], tree=[1.5])
    assert _history.load(tmp_path / "missing.json") is None
    assert "No previous" in "\n".join(_history.compare(None, now))
    smoke = {**now, "plan": "smoke"}
    assert "not compared" in "\n".join(_history.compare(smoke, now))
    # one round has no spread: a change is shown, its noise is unknown
    (change,) = {
        c for t, _, _, c in _history.target_changes(now, _record([0.7], [1.5])) if t == TINY
    }
    assert change == "-22% (down, noise unknown)"
    # a previous run without ranges (one round, or converted from an old report): this run's
    spread = {
        c
        for t, _, _, c in _history.target_changes(now, _record([0.85, 0.8, 0.9], [1.5]))
        if t == TINY
    }
    assert spread == {"-6% (within noise ±6%)"}
