"""``python -m soak [--fast] [--out PATH] [--only NAME] [--in-process]``: run the soak.

The full run writes ``soak/REPORT.md`` and prints the figures; the exit status is 1 when a
figure misses its target. ``--fast`` runs small counts (``make test`` runs those in-process).
The sandboxes run in child processes, as a real server would, so that their work never
stalls the client's timers.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from ._harness import Plan, Section, load_scenarios
from ._remote import sandbox_pool
from ._report import render, summary, write

REPORT = Path(__file__).resolve().parent / "REPORT.md"


async def run(plan: Plan, only: str | None = None, *, in_process: bool = False) -> list[Section]:
    """Run every scenario (or the one named) and return their sections."""
    sections: list[Section] = []
    async with sandbox_pool(plan.seed, in_process=in_process) as sandboxes:
        for scenario in load_scenarios():
            if only is None or scenario.name == only:
                started = time.perf_counter()
                sections += await scenario.run(plan, sandboxes)
                print(f"[{scenario.name}: {time.perf_counter() - started:.1f}s]", flush=True)
    return sections


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m soak")
    parser.add_argument("--fast", action="store_true", help="small counts (seconds)")
    parser.add_argument("--out", type=Path, default=None, help=f"report file ({REPORT.name})")
    parser.add_argument("--only", default=None, help="run one scenario by name")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="sandboxes in threads (quicker start, timings not meaningful)",
    )
    args = parser.parse_args(argv)
    plan = Plan.fast() if args.fast else Plan()
    started = time.perf_counter()
    sections = asyncio.run(run(plan, args.only, in_process=args.in_process))
    text = render(sections, plan, time.perf_counter() - started)
    out = args.out or (None if args.fast else REPORT)
    if out is not None:
        write(out, text)
    print(summary(sections))
    return 0 if all(section.ok for section in sections) else 1


if __name__ == "__main__":
    sys.exit(main())
