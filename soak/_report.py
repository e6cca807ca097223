"""The soak report: printed figures, and the same as Markdown in a file."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Sequence
from pathlib import Path

from ._harness import Plan, Section

__all__ = ["render", "summary"]


def render(sections: Sequence[Section], plan: Plan, seconds: float) -> str:
    """The report as Markdown."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = "PASS" if all(section.ok for section in sections) else "FAIL"
    lines = [
        "# Soak report",
        "",
        f"{now}; python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"{seconds:.1f} s; seed {plan.seed}; verdict **{verdict}**",
        "",
        f"Plan: {plan.submits} submits and {plan.applications} card applications at "
        f"concurrency {plan.concurrency} with {plan.fault_rate:.0%} faults; token storms of "
        f"{plan.storm} calls; {plan.cancellations} cancelled calls. The sandboxes run in "
        "child processes, as a server would.",
        "",
        "*Deadline overshoot* is how long after its own deadline the slowest call of a scenario "
        "returned (0: no call ended after its deadline). *Definite errors* are failures where "
        "no attempt can have reached the server; *OutcomeUnknownError* is raised only after "
        "one may have, and each is resolved by resubmitting with its key once faults are off.",
    ]
    for section in sections:
        lines += [
            "",
            f"## {section.title}",
            "",
            "| figure | value | target | |",
            "|---|---|---|---|",
        ]
        for figure in section.figures:
            mark = "" if figure.target is None else ("ok" if figure.ok else "**MISS**")
            lines.append(f"| {figure.name} | {figure.value} | {figure.target or ''} | {mark} |")
        lines += [f"- {note}" for note in section.notes]
    return "\n".join(lines) + "\n"


def summary(sections: Sequence[Section]) -> str:
    """The figures as plain text lines, for the terminal."""
    lines = []
    for section in sections:
        lines.append(section.title)
        for figure in section.figures:
            target = f"  (target {figure.target}{'' if figure.ok else ': MISS'})"
            lines.append(f"  {figure.name}: {figure.value}{target if figure.target else ''}")
        lines += [f"  - {note}" for note in section.notes]
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    """Write the report."""
    path.write_text(text, encoding="utf-8")
