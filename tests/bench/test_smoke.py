"""The bench harness runs end to end at smoke size and reports every scenario and contender."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench._scenarios import CATALOGUE  # noqa: E402

# what a leaked session, connection or task prints from a process that exits cleanly anyway
LEAK_SIGNS = ("Unclosed", "ResourceWarning", "Task was destroyed", "never retrieved", "Traceback")


def test_smoke_run_reports_every_scenario_and_contender(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not [sign for sign in LEAK_SIGNS if sign in done.stderr], done.stderr
    report = out.read_text()
    for key, (title, contenders) in CATALOGUE.items():
        section = report.split(f"### {title}\n", 1)
        assert len(section) == 2, f"scenario {key!r} missing from the report"
        table = section[1].split("\n### ", 1)[0]
        for name in contenders:
            assert f"| {name} | " in table, f"{name!r} missing from scenario {key!r}"
            assert f"| {name} | not run |" not in table
    assert "## Targets" in report
    assert "| MISS |" in report or "| PASS |" in report
    # the SDK shares one login per burst: the token scenario must see exactly that
    (token,) = [line for line in report.splitlines() if "exactly one login |" in line]
    assert token.endswith("| PASS |"), token


def test_smoke_refuses_to_overwrite_the_results(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", "bench/RESULTS.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "never writes bench/RESULTS.md" in done.stderr
