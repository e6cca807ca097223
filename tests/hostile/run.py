"""The full hostile run (``make hostile``): figures for the issue's closing note.

1. Every hostile answer at the issue's sizes, with the default limits: each case runs in a
   fresh client process (so its peak RSS is its own) against the server in this process.
   Reports the error class, CPU seconds, wall seconds and peak RSS growth of the client.
2. Fuzzed answers: ``--bodies`` (10,000) per answer shape over loopback HTTP; counts untyped
   exceptions and answers over 100 ms of CPU.
3. Generated arguments to every public method (the hypothesis test, with more examples).
4. The planted-secrets run with the demo flow at DEBUG and forced errors.

Prints the figures and writes them to ``--out`` (Markdown). Usage::

    python -m tests.hostile.run [--bodies 10000] [--examples 500] [--out hostile-report.md]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # sample_applications, examples

from . import _server  # noqa: E402

# _bodies, _fuzz and _planted are imported where used: a client-case process (and
# bench's hostile scenario) needs none of them, and the sandbox costs seconds to import
from ._server import cases  # noqa: E402, F401 - for bench/_hostile.py

SLOW_CPU = 0.100
WARM_UP = 100  # bodies per shape before measuring; negative seeds, never measured
DEADLINE = 30.0  # the default Timeout: an attempt's total


# -- 1. hostile cases, one client process each -------------------------------------------------


def _reset_peak() -> None:
    """Reset the RSS high-water mark to the current RSS (Linux), as bench/_rss.py does."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def _rss_mb() -> float:
    """This process's peak RSS: ``VmHWM``, since ``ru_maxrss`` carries the parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _client_case(url: str) -> dict[str, Any]:
    import fincard_async

    config = fincard_async.FinHubConfig(base_url=url, email="a@b.c", password="p", tenant_id="T")
    async with fincard_async.FincardClient(finhub=config) as client:
        await client.reference_data.list_regions()  # warm: login, hooks, connection
        gc.collect()
        _reset_peak()
        baseline = _rss_mb()
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            await client.reference_data.list_city_tree()
            outcome = "result"
        except fincard_async.FincardError as error:
            outcome = type(error).__name__
        except Exception as error:
            outcome = f"UNTYPED {type(error).__name__}"
        return {
            "outcome": outcome,
            "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall,
            "rss_growth_mb": _rss_mb() - baseline,
        }


def _serve_in_thread(server: _server.HostileServer) -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    ready.wait()
    return loop


def start_server() -> _server.HostileServer:
    """A hostile server running in a thread of this process."""
    server = _server.HostileServer()
    _serve_in_thread(server)
    return server


def measure_case(server: _server.HostileServer, case: _server.Case) -> dict[str, Any]:
    """Run ``case`` against a fresh client process; its outcome, CPU, wall and RSS growth."""
    warm_up = _server.json_answer(b'{"success":true,"code":200,"msg":"ok","data":[]}')
    server.answer = _switch(warm_up, case.writer)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.run", "--client-case", server.url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {}
    figures = figures or {"outcome": f"CRASH {done.stderr[-300:]}"}
    return {
        "case": case.name,
        "expected": case.expected,
        **figures,
        "process_wall": time.perf_counter() - started,
    }


def hostile_cases() -> list[dict[str, Any]]:
    server = start_server()
    rows = []
    for case in _server.cases():
        rows.append(measure_case(server, case))
        print(_case_line(rows[-1]), flush=True)
    return rows


def _switch(first: _server.Writer, then: _server.Writer) -> _server.Writer:
    """The warm-up call gets ``first``; every later request ``then``."""
    calls = 0

    async def write(writer: asyncio.StreamWriter) -> None:
        nonlocal calls
        calls += 1
        await (first if calls == 1 else then)(writer)

    return write


def _case_line(row: dict[str, Any]) -> str:
    if "cpu" not in row:
        return f"  {row['case']:<40} {row['outcome']}"
    return (
        f"  {row['case']:<40} {row['outcome']:<28} cpu {row['cpu'] * 1000:7.1f} ms  "
        f"wall {row['wall']:6.2f} s  rss +{row['rss_growth_mb']:.1f} MB"
    )


# -- 2. fuzzed answers ----------------------------------------------------------------------------


async def fuzz_answers(per_shape: int) -> list[dict[str, Any]]:
    from ._bodies import SHAPES, body
    from ._fuzz import FuzzTarget

    target = await FuzzTarget().start()
    rows = []
    try:
        for shape in sorted(SHAPES):
            for seed in range(-WARM_UP, 0):  # first use compiles hooks, once per client
                await target.one(shape, body(shape, random.Random(seed)))
            untyped: dict[str, int] = {}
            slow, worst, total = 0, 0.0, 0.0
            for seed in range(per_shape):
                outcome = await target.one(shape, body(shape, random.Random(seed)))
                if outcome.error is not None:
                    untyped[outcome.error] = untyped.get(outcome.error, 0) + 1
                slow += outcome.cpu > SLOW_CPU
                worst = max(worst, outcome.cpu)
                total += outcome.cpu
            rows.append(
                {
                    "shape": shape,
                    "bodies": per_shape,
                    "untyped": untyped,
                    "over_100ms": slow,
                    "max_cpu_ms": worst * 1000,
                    "mean_cpu_ms": total / per_shape * 1000,
                }
            )
            print(
                f"  {shape:<22} {per_shape:,} bodies  untyped {sum(untyped.values())}  "
                f"over 100 ms {slow}  max {worst * 1000:.1f} ms  "
                f"mean {total / per_shape * 1000:.2f} ms",
                flush=True,
            )
    finally:
        await target.close()
    return rows


# -- 3. generated arguments -----------------------------------------------------------------------


def fuzz_inputs(examples: int) -> dict[str, Any]:
    env = {**os.environ, "FINCARD_HOSTILE_EXAMPLES": str(examples)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "--no-header",
            "tests/hostile/test_fuzz_inputs.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    print(f"  {examples} examples per method: {summary}", flush=True)
    return {"examples_per_method": examples, "summary": summary, "ok": done.returncode == 0}


# -- report ---------------------------------------------------------------------------------------


def write_report(path: Path, figures: dict[str, Any]) -> None:
    lines = [
        "# Hostile answers and bad inputs: figures of the last full run",
        "",
        f"`make hostile` on {figures['machine']}, {figures['date']}. Default `AnswerLimits` "
        "(8 MiB body, nesting 32) and `Timeout` (30 s an attempt); each case in its own "
        "client process; peak RSS growth is the client's, after a warm-up call.",
        "",
        "## Hostile answers",
        "",
        "| answer | expected | outcome | CPU ms | wall s | peak RSS growth MB |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in figures["cases"]:
        lines.append(
            f"| {row['case']} | {row['expected']} | {row['outcome']} | "
            f"{row.get('cpu', 0) * 1000:.1f} | {row.get('wall', 0):.2f} | "
            f"{row.get('rss_growth_mb', 0):.1f} |"
        )
    lines += [
        "",
        "## Fuzzed answers (loopback HTTP, one public call per body)",
        "",
        "| shape | bodies | untyped | over 100 ms CPU | max CPU ms | mean CPU ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in figures["fuzz"]:
        lines.append(
            f"| {row['shape']} | {row['bodies']:,} | {sum(row['untyped'].values())} | "
            f"{row['over_100ms']} | {row['max_cpu_ms']:.1f} | {row['mean_cpu_ms']:.2f} |"
        )
    inputs, planted = figures["inputs"], figures["planted"]
    lines += [
        "",
        "## Generated arguments to every public method",
        "",
        f"{inputs['examples_per_method']} examples per method: {inputs['summary']}",
        "",
        "## Planted secrets (demo flow at DEBUG, forced errors, echoing server)",
        "",
        f"{planted['errors']} errors raised, {planted['texts']} texts searched "
        "(log records, str/repr of every error and its causes, model and client reprs); "
        f"planted values found: {sum(planted['counts'].values())}.",
        "",
    ]
    path.write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=10_000, help="fuzzed bodies per shape")
    parser.add_argument("--examples", type=int, default=500, help="generated calls per method")
    parser.add_argument("--out", default="hostile-report.md")
    parser.add_argument("--client-case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client_case:
        print(json.dumps(asyncio.run(_client_case(args.client_case))))
        return 0
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()} Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
    }
    print("hostile answers (each in a fresh client process):")
    figures["cases"] = hostile_cases()
    print(f"fuzzed answers ({args.bodies:,} per shape):")
    figures["fuzz"] = asyncio.run(fuzz_answers(args.bodies))
    print("generated arguments:")
    figures["inputs"] = fuzz_inputs(args.examples)
    print("planted secrets:")
    from ._planted import planted_run

    counts, errors, texts = asyncio.run(planted_run(with_demo=True))
    figures["planted"] = {"counts": counts, "errors": errors, "texts": texts}
    print(f"  {errors} errors, {texts} texts searched, planted values found: {counts}")
    write_report(Path(args.out), figures)
    print(f"report written to {args.out}")
    bad_cases = [r for r in figures["cases"] if r["outcome"] != r["expected"]]
    bad_fuzz = [r for r in figures["fuzz"] if r["untyped"] or r["over_100ms"]]
    failed = bad_cases or bad_fuzz or not figures["inputs"]["ok"] or sum(counts.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
