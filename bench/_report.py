"""The Markdown report: machine, versions, command, targets, one table per scenario, profiles.

Text after :data:`KEEP_MARKER` in an existing report is hand-written analysis: a new run
keeps it, below the fresh numbers.
"""

from __future__ import annotations

import datetime
import math
import os
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from ._machine import cpu_model, memory_gib, versions
from ._plan import Plan
from ._profile import ProfileSummary
from ._scenarios import Scenario
from ._targets import Verdict, ratio_text, round_ratios

__all__ = ["KEEP_MARKER", "RunInfo", "render", "write_report"]

KEEP_MARKER = "<!-- hand-written analysis below: kept when the harness rewrites this file -->"


@attrs.frozen(kw_only=True)
class RunInfo:
    """Facts about the run that the tables don't show."""

    plan: Plan
    command: str
    started: datetime.datetime
    elapsed: float
    pinning: str
    cpus: int
    stock_note: str


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 999.5:  # what rounds to 1,000 is written like 1,000
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _verdict(verdict: Verdict) -> str:
    if verdict.target.informational:
        return "(info)"
    return "PASS" if verdict.passed else "MISS"


def _ratio_cell(scenario: Scenario, name: str, base: str) -> str:
    if name == base:
        return "1.00x"
    return ratio_text(round_ratios(scenario, name, base))


def _table(scenario: Scenario) -> list[str]:
    metric = scenario.metric
    better = "higher is better" if metric.higher_is_better else "lower is better"
    base = scenario.baseline
    ratio_head = f"ratio vs {base} (median of per-round ratios; their range)" if base else "ratio"
    head = f"| contender | median {metric.unit} | min | max | {ratio_head} |"
    rule = "|---|---:|---:|---:|---:|"
    if scenario.uses_server:
        head += (
            " server CPU (of one core) | client CPU per op | of which cyclic GC "
            "| connections opened |"
        )
        rule += "---:|---:|---:|---:|"
    lines = [f"Metric: {metric.unit} ({better}).", "", head, rule]
    for name in scenario.contenders:
        samples = [s for s in scenario.samples if s.contender == name]
        if not samples:
            lines.append(f"| {name} | not run | | | |")
            continue
        scores = [metric.score(s) for s in samples]
        ratio = "—" if base is None else _ratio_cell(scenario, name, base)
        row = (
            f"| {name} | {_fmt(statistics.median(scores))} | {_fmt(min(scores))} "
            f"| {_fmt(max(scores))} | {ratio} |"
        )
        if scenario.uses_server:
            share = statistics.median(s.server_cpu / s.wall for s in samples)
            per_op = statistics.median(1e6 * s.cpu / s.count for s in samples)
            gc_per_op = statistics.median(1e6 * s.gc / s.count for s in samples)
            opened = statistics.median(s.connections for s in samples)
            row += f" {share:.0%} | {per_op:,.0f} µs | {gc_per_op:,.0f} µs | {opened:.0f} |"
        lines.append(row)
    return lines


def _extras(scenario: Scenario) -> list[str]:
    if scenario.key == "token":
        cells = [
            f"round {s.round + 1} {s.contender.split(',')[1].strip()}: "
            f"{int(s.extra['logins'])} login(s), {1e3 * s.wall:.0f} ms"
            for s in scenario.samples
        ]
        return ["", "Logins per burst: " + "; ".join(cells) + "."]
    if scenario.key == "rss":
        cells = [
            f"{s.contender}: {s.extra['before_mb']:.1f} → {s.extra['after_mb']:.1f} MB "
            f"(`ru_maxrss` {s.extra['ru_maxrss_mb']:.1f} MB; {s.count:,} records, {s.wall:.1f} s)"
            for s in scenario.samples
            if s.round == 0
        ]
        return ["", "Peak RSS, round 1: " + "; ".join(cells) + "."]
    if scenario.key == "hostile":
        cells = [f"{s.contender}: +{s.extra['growth_mb']:.1f} MB" for s in scenario.samples]
        return ["", "Peak RSS growth: " + "; ".join(cells) + "."]
    return []


def _profiles(summaries: Sequence[ProfileSummary], root: Path) -> list[str]:
    if not summaries:
        return ["Every target was met: nothing was profiled."]
    lines: list[str] = []
    for summary in summaries:
        shown = os.path.relpath(summary.path, root)
        layers = ", ".join(f"{name} {share:.0%}" for name, share in summary.layers[:9])
        lines += [
            f"### {summary.label}",
            "",
            f"`{shown}` ({summary.seconds:.2f} s of own time under cProfile). Own time by "
            f"layer: {layers}.",
            "",
            "| own time | function |",
            "|---:|---|",
            *(f"| {share:.1%} | `{name}` |" for name, share in summary.functions),
            "",
        ]
    return lines


def render(
    info: RunInfo,
    scenarios: Mapping[str, Scenario],
    verdicts: Sequence[Verdict],
    profiles: Sequence[ProfileSummary],
    *,
    root: Path,
    comparison: Sequence[str] = (),
) -> str:
    """The whole report as Markdown."""
    plan = info.plan
    lines = [
        "# fincard-async benchmarks",
        "",
        f"Written by `{info.command}` ({plan.name} run, {plan.rounds} round(s)) on "
        f"{info.started:%Y-%m-%d %H:%M} UTC; the run took {info.elapsed:.0f} s.",
        "",
        "## Machine",
        "",
        f"- CPUs: {os.cpu_count()} (usable: {info.cpus}), {cpu_model()}",
        f"- RAM: {memory_gib():.1f} GiB",
        f"- Pinning: {info.pinning}",
        "",
        "## Versions",
        "",
        "| package | version |",
        "|---|---|",
        *(f"| {name} | {version} |" for name, version in versions()),
        "",
        "## Method",
        "",
        "- The server is a separate process answering pre-serialised bytes from a minimal "
        "HTTP/1.1 protocol (`bench/_server.py`); its CPU share is shown per scenario.",
        "- Contenders take turns within each round (the order rotates every round); medians, "
        "min and max are over rounds, and each ratio is computed within a round, then the "
        "median of those ratios is shown.",
        '- Noise: each ratio comes with the range of its per-round values ("rounds 0.40-0.45"),'
        " in the scenario tables and the targets. Two runs' medians that differ by less than "
        "that spread differ by noise; the comparison with the previous run below marks every "
        "ratio that moved further. The spread is measured within one run; load on the shared "
        "machine that differs between runs can move a whole run further.",
        "- \"Of which cyclic GC\" is the client's time inside Python's cyclic garbage collector "
        "(summed from `gc.callbacks`): part of its CPU per op, paid for every tracked object "
        "alive when a collection runs (models are tracked; dicts of plain values are not).",
        "- fincard-async runs with every default on: login and token cache, SHA256withRSA "
        "signing per attempt (1024-bit test key unless stated), the default RetryPolicy and "
        "Timeout, typed models through cattrs. Every call goes over HTTP: methods that cache "
        "are called with `refresh=True`, and the harness checks the server saw one request "
        "per call.",
        '- The client process is pinned to one CPU, except in the "client on every core" '
        "scenarios (the server stays pinned there too). `sign_in_threads` is left at its "
        "default, which turns signing threads on only when the process may use more than one "
        "CPU: off in the pinned scenarios, on in those, where it is compared with "
        "`sign_in_threads=False`.",
        "- The raw contenders return plain dicts; they and the stock client send fixed "
        "HyperCard signing headers without signing (neither has a way to sign).",
        f"- {info.stock_note}",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
        *(f"| {v.target.text} | {v.measured} | {_verdict(v)} |" for v in verdicts),
        "",
        *comparison,
        "## Scenarios",
        "",
    ]
    for scenario in scenarios.values():
        lines += [f"### {scenario.title}", "", scenario.what, "", *_table(scenario)]
        lines += _extras(scenario)
        lines += ["", *(f"Note: {note}" for note in scenario.notes)]
        lines += [""] if scenario.notes else []
    lines += [
        "## Profiles of the misses",
        "",
        "Own time by function and by layer from cProfile (every call timed, coroutine "
        "resumptions included); each file also holds a pyinstrument call tree of a second run. "
        "Shares are comparable between the SDK and the raw client, absolute times are not "
        "comparable with the tables (cProfile's cost per call).",
        "",
        *_profiles(profiles, root),
    ]
    return "\n".join(lines).rstrip() + "\n"


def write_report(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, keeping any hand-written analysis after the marker."""
    kept = ""
    if path.exists():
        old = path.read_text()
        if KEEP_MARKER in old:
            kept = old[old.index(KEEP_MARKER) :]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("\n" + kept if kept else ""))
