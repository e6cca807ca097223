"""The soak at small counts: every correctness figure holds (the timing figures are only shown).

``make soak`` runs the full counts and writes ``soak/REPORT.md``; this is the version that runs
inside ``make test``. Deadline overshoot is a speed figure and is never asserted here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # soak/ is a top-level folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from soak.__main__ import run  # noqa: E402
from soak._harness import SCENARIO_MODULES, Plan  # noqa: E402
from soak._report import render  # noqa: E402

TIMED = "deadline overshoot"


async def test_fast_soak_meets_every_correctness_figure() -> None:
    plan = Plan.fast()
    sections = await run(plan, in_process=True)

    assert len(SCENARIO_MODULES) == 3
    titles = [section.title for section in sections]
    assert any(title.startswith("Writes: work-order") for title in titles)
    assert any(title.startswith("Writes: card applications") for title in titles)
    assert sum(title.startswith("Token storm") for title in titles) == 6
    assert "Cancellation at random points" in titles
    missed = [
        f"{section.title}: {figure.name} = {figure.value} (want {figure.target})"
        for section in sections
        for figure in section.figures
        if not figure.ok and not figure.name.startswith(TIMED)
    ]
    assert missed == [], render(sections, plan, 0.0)
