"""The performance targets of issues 6 and 15, each checked against the scenarios' samples."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping

import attrs

from . import _contenders as c
from ._scenarios import RSS_ROWS, TOKEN_ROWS, Scenario, cores_key

__all__ = [
    "TARGETS",
    "Target",
    "Verdict",
    "evaluate",
    "ratio_text",
    "round_ratio",
    "round_ratios",
]

Scenarios = Mapping[str, Scenario]
Check = Callable[[Scenario], tuple[str, bool, list[float]]]
"""A target's check: what was measured (text), whether it passed, the per-round ratios."""


@attrs.frozen(kw_only=True)
class Verdict:
    """A target's outcome."""

    target: Target
    measured: str
    passed: bool
    ratios: list[float] = attrs.field(factory=list)  # per round; empty: not a ratio


@attrs.frozen(kw_only=True)
class Target:
    """One target: a sentence, the check, and what to profile when it is missed.

    ``profile`` names the fincard-async operation to profile (``None``: not a CPU question).
    An ``informational`` entry is context for the targets, reported but never a miss.
    """

    text: str
    scenario: str
    check: Check
    profile: str | None = None
    informational: bool = False


def round_ratios(scenario: Scenario, contender: str, baseline: str) -> list[float]:
    """``score(contender) / score(baseline)`` within each round, in round order."""
    score = scenario.metric.score
    base = {s.round: score(s) for s in scenario.samples if s.contender == baseline}
    return [
        score(s) / base[s.round]
        for s in scenario.samples
        if s.contender == contender and base.get(s.round)
    ]


def round_ratio(scenario: Scenario, contender: str, baseline: str) -> float:
    """Median over rounds of ``score(contender) / score(baseline)`` within the same round."""
    ratios = round_ratios(scenario, contender, baseline)
    return statistics.median(ratios) if ratios else float("nan")


def ratio_text(ratios: list[float]) -> str:
    """The median ratio and, over more than one round, the range of the per-round ratios."""
    if not ratios:
        return "n/a"
    median = f"{statistics.median(ratios):.2f}x"
    if len(ratios) == 1:
        return median
    return f"{median} (rounds {min(ratios):.2f}-{max(ratios):.2f})"


def _at_least(other: str, wanted: float, contender: str = c.SDK) -> Check:
    def check(scenario: Scenario) -> tuple[str, bool, list[float]]:
        ratios = round_ratios(scenario, contender, other)
        passed = bool(ratios) and statistics.median(ratios) >= wanted
        return ratio_text(ratios), passed, ratios

    return check


def _at_most(other: str, wanted: float) -> Check:
    def check(scenario: Scenario) -> tuple[str, bool, list[float]]:
        ratios = round_ratios(scenario, c.SDK, other)
        passed = bool(ratios) and statistics.median(ratios) <= wanted
        return ratio_text(ratios), passed, ratios

    return check


def _growth(scenario: Scenario, row: str) -> float:
    values = [s.extra["growth_mb"] for s in scenario.samples if s.contender == row]
    return statistics.median(values) if values else float("nan")


def _rss_bounded(scenario: Scenario) -> tuple[str, bool, list[float]]:
    # bounded by pages in flight: ten times the records must not mean more memory, and
    # paging must stay far below holding every record
    tenth, every, kept = (_growth(scenario, row) for row in RSS_ROWS)
    measured = (
        f"paging all: +{every:.1f} MB, a tenth: +{tenth:.1f} MB, materialised: +{kept:.1f} MB"
    )
    return measured, every <= tenth + 4.0 and every <= max(4.0, 0.25 * kept), []


def _one_login(scenario: Scenario) -> tuple[str, bool, list[float]]:
    counts = {
        row: sorted({int(s.extra["logins"]) for s in scenario.samples if s.contender == row})
        for row in TOKEN_ROWS
    }
    measured = "; ".join(f"{row.split(',')[1].strip()}: logins {v}" for row, v in counts.items())
    return measured, all(v == [1] for v in counts.values()), []


def _tiny_targets(family: str, profile: str) -> list[Target]:
    key = f"tiny-{family}-c64"
    label = f"Tiny {family} calls at c=64"
    return [
        Target(
            text=f"{label}: >= 1.0x raw aiohttp+json (throughput)",
            scenario=key,
            check=_at_least(c.AIOHTTP_JSON, 1.0),
            profile=profile,
        ),
        Target(
            text=f"{label}: >= 0.8x aiohttp+orjson",
            scenario=key,
            check=_at_least(c.AIOHTTP_ORJSON, 0.8),
            profile=profile,
        ),
        Target(
            text=f"{label}: >= 0.9x aiohttp+orjson (issue 15)",
            scenario=key,
            check=_at_least(c.AIOHTTP_ORJSON, 0.9),
            profile=profile,
        ),
        Target(
            text=f"{label}: >= 20x the stock generated client",
            scenario=key,
            check=_at_least(c.STOCK, 20.0),
            profile=profile,
        ),
    ]


def _cores_targets() -> list[Target]:
    # issue 15: with every core, signing threads scale; alone in flight, they cost nothing
    return [
        Target(
            text="HyperCard c=64, every core, 2048-bit key: signing threads >= 1.3x the "
            "inline-signing raw client",
            scenario=cores_key(2048, 64),
            check=_at_least(c.AIOHTTP_JSON_SIGNED, 1.3, contender=c.SDK_SIGN_THREADS),
        ),
        Target(
            text="HyperCard c=1, every core, 2048-bit key: signing threads >= 0.95x signing "
            "inline (latency within 5%)",
            scenario=cores_key(2048, 1),
            check=_at_least(c.SDK_SIGN_INLINE, 0.95, contender=c.SDK_SIGN_THREADS),
        ),
        Target(
            text="(context) HyperCard c=64, every core, 1024-bit key: signing threads vs the "
            "inline-signing raw client",
            scenario=cores_key(1024, 64),
            check=_at_least(c.AIOHTTP_JSON_SIGNED, 1.0, contender=c.SDK_SIGN_THREADS),
            informational=True,
        ),
        Target(
            text="(context) HyperCard c=1, every core, 1024-bit key: signing threads vs "
            "signing inline",
            scenario=cores_key(1024, 1),
            check=_at_least(c.SDK_SIGN_INLINE, 1.0, contender=c.SDK_SIGN_THREADS),
            informational=True,
        ),
    ]


TARGETS = [
    *_tiny_targets("finhub", "tiny_finhub"),
    *_tiny_targets("hypercard", "tiny_hypercard"),
    Target(
        text="(context) Tiny hypercard calls at c=64 vs raw aiohttp+json that signs like the SDK",
        scenario="tiny-hypercard-c64",
        check=_at_least(c.AIOHTTP_JSON_SIGNED, 1.0),
        informational=True,
    ),
    Target(
        text="City tree: client CPU <= 1.2x raw aiohttp+json",
        scenario="city-tree-c4",
        check=_at_most(c.AIOHTTP_JSON, 1.2),
        profile="city_tree",
    ),
    Target(
        text="City tree: client CPU <= 1.3x raw aiohttp+json (issue 15; the 1.2x goal stands)",
        scenario="city-tree-c4",
        check=_at_most(c.AIOHTTP_JSON, 1.3),
        profile="city_tree",
    ),
    Target(
        text="Walking 10,000 work orders: wall <= 1.0x the raw sequential loop",
        scenario="walk",
        check=_at_most(c.AIOHTTP_JSON, 1.0),
        profile="walk",
    ),
    Target(
        text="Paging 100,000 records: peak RSS growth bounded by the pages in flight",
        scenario="rss",
        check=_rss_bounded,
    ),
    Target(
        text="1,000 calls with an expired (or no) token: exactly one login",
        scenario="token",
        check=_one_login,
    ),
    *_cores_targets(),
]


def evaluate(scenarios: Scenarios) -> list[Verdict]:
    """Check every target whose scenario ran."""
    verdicts = []
    for target in TARGETS:
        scenario = scenarios.get(target.scenario)
        if scenario is None:
            continue
        measured, passed, ratios = target.check(scenario)
        passed = passed or target.informational
        verdicts.append(Verdict(target=target, measured=measured, passed=passed, ratios=ratios))
    return verdicts
