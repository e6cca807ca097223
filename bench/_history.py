"""The run's numbers kept as JSON beside the report, and every ratio compared with the last run's.

``RESULTS.json`` holds, per scenario and contender, the median score, the median ratio to the
scenario's baseline and the range of the per-round ratios; per target, what was measured. The
next run reads it before overwriting it, and says for each ratio whether it moved by more than
the noise: the wider of the two runs' per-round half-ranges, relative to the median.
"""

from __future__ import annotations

import datetime
import json
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ._scenarios import Scenario
from ._targets import Verdict, round_ratios

__all__ = ["SCHEMA", "compare", "load", "record", "save", "target_changes"]

SCHEMA = 1
Record = dict[str, Any]


def _spread(ratios: Sequence[float]) -> dict[str, float | None]:
    if not ratios:
        return {"ratio": None, "low": None, "high": None}
    if len(ratios) == 1:  # one round has no spread: the noise is unknown, not zero
        return {"ratio": ratios[0], "low": None, "high": None}
    return {"ratio": statistics.median(ratios), "low": min(ratios), "high": max(ratios)}


def _scenario(scenario: Scenario) -> Record:
    base = scenario.baseline
    rows: Record = {}
    for name in scenario.contenders:
        scores = [scenario.metric.score(s) for s in scenario.samples if s.contender == name]
        if not scores:
            continue
        ratios = round_ratios(scenario, name, base) if base and name != base else []
        rows[name] = {"median": statistics.median(scores), **_spread(ratios)}
    return {
        "unit": scenario.metric.unit,
        "higher_is_better": scenario.metric.higher_is_better,
        "baseline": base,
        "contenders": rows,
    }


def record(
    *,
    plan: str,
    rounds: int,
    started: datetime.datetime,
    scenarios: Mapping[str, Scenario],
    verdicts: Sequence[Verdict],
) -> Record:
    """This run's medians, ratios with their per-round ranges, and target outcomes."""
    targets = {}
    for v in verdicts:
        higher = scenarios[v.target.scenario].metric.higher_is_better
        result = "info" if v.target.informational else "PASS" if v.passed else "MISS"
        entry = {"measured": v.measured, "result": result, "higher_is_better": higher}
        targets[v.target.text] = {**entry, **_spread(v.ratios)}
    return {
        "schema": SCHEMA,
        "written": started.strftime("%Y-%m-%d %H:%M UTC"),
        "plan": plan,
        "rounds": rounds,
        "targets": targets,
        "scenarios": {key: _scenario(s) for key, s in scenarios.items()},
    }


def load(path: Path) -> Record | None:
    """The record of the previous run, or ``None`` (none, unreadable or another schema)."""
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return previous if isinstance(previous, dict) and previous.get("schema") == SCHEMA else None


def save(path: Path, now: Record) -> None:
    """Write the record, one key per line so that a diff of two runs reads well."""
    path.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n")


def _half_range(entry: Mapping[str, Any]) -> float | None:
    ratio, low, high = entry.get("ratio"), entry.get("low"), entry.get("high")
    if not ratio or low is None or high is None:
        return None
    return float((high - low) / 2 / ratio)


def _change(before: Mapping[str, Any], after: Mapping[str, Any], higher: bool) -> str:
    """``+7% (within noise ±9%)``, ``-12% (worse, noise ±5%)``..."""
    if not before.get("ratio") or not after.get("ratio"):
        return "—"
    change = after["ratio"] / before["ratio"] - 1
    spreads = [h for h in (_half_range(before), _half_range(after)) if h is not None]
    if not spreads:  # one round each: no spread to tell noise by
        direction = "unchanged" if change == 0 else "up" if change > 0 else "down"
        return f"{change:+.0%} ({direction}, noise unknown)"
    noise = max(spreads)
    if abs(change) <= noise:
        return f"{change:+.0%} (within noise ±{noise:.0%})"
    verdict = "better" if (change > 0) == higher else "WORSE"
    return f"{change:+.0%} ({verdict}, noise ±{noise:.0%})"


def _ratio(entry: Mapping[str, Any]) -> str:
    return "—" if entry.get("ratio") is None else f"{entry['ratio']:.2f}x"


def target_changes(previous: Record, now: Record) -> list[tuple[str, str, str, str]]:
    """Per target of both runs: text, previous measure, this run's, and the change."""
    rows = []
    for text, after in now["targets"].items():
        before = previous.get("targets", {}).get(text)
        if before is None:
            continue
        change = _change(before, after, bool(after["higher_is_better"]))
        rows.append((text, str(before["measured"]), str(after["measured"]), change))
    return rows


def _scenario_rows(previous: Record, now: Record) -> list[str]:
    rows = []
    for key, scenario in now["scenarios"].items():
        before = previous.get("scenarios", {}).get(key, {}).get("contenders", {})
        higher = bool(scenario["higher_is_better"])
        for name, after in scenario["contenders"].items():
            if name not in before or after.get("ratio") is None:
                continue
            change = _change(before[name], after, higher)
            rows.append(f"| {key} | {name} | {_ratio(before[name])} | {_ratio(after)} | {change} |")
    return rows


def compare(previous: Record | None, now: Record) -> list[str]:
    """The report's "Compared with the previous run" section (Markdown lines)."""
    lines = ["## Compared with the previous run", ""]
    if previous is None:
        return [*lines, "No previous `RESULTS.json` to compare with.", ""]
    if previous.get("plan") != now["plan"]:
        return [*lines, f"The previous run was a {previous.get('plan')} run: not compared.", ""]
    lines += [
        f"Previous: the {previous['plan']} run of {previous['written']} "
        f"({previous['rounds']} round(s)). A ratio's noise is the wider of the two runs' "
        "per-round half-ranges ((max - min) / 2 / median of its per-round ratios); a change "
        'within it is noise, a larger one is marked "better" or "WORSE". This spread is '
        "measured within each run: a machine busier in one run than in the other moves every "
        "ratio further, so read a WORSE near the noise with the analysis below.",
        "",
        "| target | previous | now | change |",
        "|---|---|---|---|",
        *(f"| {t} | {b} | {a} | {c} |" for t, b, a, c in target_changes(previous, now)),
        "",
        "Every ratio of every scenario, previous -> now:",
        "",
        "| scenario | contender | previous | now | change |",
        "|---|---|---:|---:|---|",
        *_scenario_rows(previous, now),
        "",
    ]
    return lines
