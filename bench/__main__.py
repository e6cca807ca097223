"""``python -m bench [--smoke] [--out PATH]``: run the benchmarks and write the report.

The full run writes ``bench/RESULTS.md``, its numbers as ``bench/RESULTS.json`` (compared with
the previous run's), and, for each missed target, a profile under ``bench/profiles/`` (own time
by function from cProfile, and a pyinstrument call tree). ``--smoke`` runs every scenario at
tiny sizes in seconds and writes its report to a temporary file (or ``--out``), never over
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from fincard_async._signing import load_private_key

from . import _contenders as c
from . import _history
from . import _scenarios as s
from ._machine import every_core, usable_cpus
from ._measure import run_concurrently
from ._plan import FULL, SMOKE, Plan
from ._profile import ProfileSummary, profile
from ._report import RunInfo, render, write_report
from ._server import ROOT, ServerHandle, start_server
from ._startup import startup_section
from ._stock import generate_stock_client
from ._targets import Verdict, evaluate

RESULTS = ROOT / "bench" / "RESULTS.md"
TEST_KEY = ROOT / "tests" / "unit" / "vectors" / "test_key.pem"


_STARTED = time.perf_counter()


def _say(text: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f}s] {text}", flush=True)


def _keys() -> tuple[dict[int, str], dict[int, RSAPrivateKey]]:
    """The 1024-bit test key, and a 2048-bit key made now, as PEM text and as key objects."""
    key_2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem_2048 = key_2048.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    pems = {1024: TEST_KEY.read_text(), 2048: pem_2048}
    return pems, {bits: load_private_key(pem) for bits, pem in pems.items()}


def _server_plan(plan: Plan, core: int | None) -> dict[str, object]:
    return {
        "cpu": core,
        "regions": plan.regions,
        "city_states": plan.city_states,
        "cities_per_state": plan.cities_per_state,
        "tenants": {  # the first is the default (no /t/ prefix)
            "main": {"work_total": plan.walk_records},
            "expiring": {"first_expires_in": s.TOKEN_LIFETIME},
            "cold": {},
            "rss": {"work_total": plan.rss_records},
            "rss-small": {"work_total": plan.rss_records // 10},
        },
    }


class _Endpoints:
    def __init__(self, server: ServerHandle) -> None:
        self.finhub_url = server.tenant_url("main")
        self.hypercard_url = server.url


async def _call_scenarios(
    plan: Plan,
    server: ServerHandle,
    everyone: list[c.Contender],
    hypercard_extra: list[c.Contender],
) -> dict[str, s.Scenario]:
    scenarios: dict[str, s.Scenario] = {}
    families: dict[str, tuple[s.Operation, str]] = {
        "hypercard": (
            lambda x: x.tiny_hypercard,
            "`cards.list_card_types()` (signed HyperCard POST, one-item answer)",
        ),
        "finhub": (
            lambda x: x.tiny_finhub,
            "`reference_data.list_cities(region_code='SG')` (bearer FinHub POST, one-item answer)",
        ),
    }
    for family, (operation, call) in families.items():
        for concurrency, calls in plan.tiny_calls.items():
            key = f"tiny-{family}-c{concurrency}"
            _say(f"scenario {key}")
            contenders = everyone + (hypercard_extra if family == "hypercard" else [])
            what = f"{calls:,} calls of {call}, at most {concurrency} in flight."
            scenarios[key] = await s.call_scenario(
                key,
                what,
                plan=plan,
                server=server,
                contenders=contenders,
                operation=operation,
                calls=calls,
                concurrency=concurrency,
            )
    _say("scenario regions-c16")
    scenarios["regions-c16"] = await s.call_scenario(
        "regions-c16",
        f"{plan.region_calls:,} calls of `reference_data.list_regions()`: "
        f"{plan.regions} countries per answer, typed (`Region`) for the SDK and the stock "
        "client, dicts for the raw contenders; at most 16 in flight.",
        plan=plan,
        server=server,
        contenders=everyone,
        operation=lambda x: x.regions,
        calls=plan.region_calls,
        concurrency=16,
    )
    _say("scenario city-tree-c4")
    scenarios["city-tree-c4"] = await s.call_scenario(
        "city-tree-c4",
        f"{plan.city_tree_calls} calls of `reference_data.list_city_tree()`: "
        f"{plan.city_nodes:,} nodes ({plan.city_states} provinces with "
        f"{plan.cities_per_state} cities each) per answer, at most 4 in flight. Scored by "
        "the client process's CPU time per call.",
        plan=plan,
        server=server,
        contenders=everyone,
        operation=lambda x: x.city_tree,
        calls=plan.city_tree_calls,
        concurrency=4,
        metric=s.CPU_MS_PER_CALL,
    )
    _say("scenario walk")
    scenarios["walk"] = await s.walk_scenario(plan=plan, server=server, contenders=everyone)
    return scenarios


async def _core_scenarios(
    plan: Plan, server: ServerHandle, pems: dict[int, str], cpus: list[int]
) -> dict[str, s.Scenario]:
    """Signed HyperCard calls with the client free on every core (the server stays pinned)."""
    scenarios: dict[str, s.Scenario] = {}
    endpoints = _Endpoints(server)
    # widened before the clients exist: the signing threads inherit the loop thread's CPUs
    with every_core(cpus) as freedom:
        for bits in s.CORE_BITS:
            async with contextlib.AsyncExitStack() as stack:
                contenders: list[c.Contender] = [
                    await stack.enter_async_context(
                        c.RawContender.stdlib_json_signed(endpoints, pems[bits])
                    ),
                    await stack.enter_async_context(
                        c.SdkContender(
                            endpoints,
                            private_key=pems[bits],
                            name=c.SDK_SIGN_INLINE,
                            sign_in_threads=False,
                        )
                    ),
                    await stack.enter_async_context(
                        c.SdkContender(endpoints, private_key=pems[bits], name=c.SDK_SIGN_THREADS)
                    ),
                ]
                for concurrency in s.CORE_CONCURRENCY:
                    key = s.cores_key(bits, concurrency)
                    _say(f"scenario {key}")
                    calls = plan.core_calls[concurrency]
                    scenario = await s.call_scenario(
                        key,
                        f"{calls:,} calls of `cards.list_card_types()` signed with a {bits}-bit "
                        f"key, at most {concurrency} in flight; {freedom} (the server stays "
                        "pinned: its CPU share is in the table).",
                        plan=plan,
                        server=server,
                        contenders=contenders,
                        operation=lambda x: x.tiny_hypercard,
                        calls=calls,
                        concurrency=concurrency,
                        baseline=c.AIOHTTP_JSON_SIGNED,
                    )
                    scenarios[key] = scenario
    return scenarios


async def _profile_misses(
    plan: Plan,
    verdicts: list[Verdict],
    sdk: c.Contender,
    raw: c.Contender,
    directory: Path,
) -> list[ProfileSummary]:
    c64 = plan.tiny_calls[64]
    runs: dict[str, tuple[str, Callable[[c.Contender], Callable[[], Awaitable[object]]]]] = {
        "tiny_finhub": (
            f"tiny FinHub calls, c=64 ({c64:,} calls)",
            lambda x: lambda: run_concurrently(x.tiny_finhub, c64, 64),
        ),
        "tiny_hypercard": (
            f"tiny HyperCard calls, c=64 ({c64:,} calls)",
            lambda x: lambda: run_concurrently(x.tiny_hypercard, c64, 64),
        ),
        "city_tree": (
            f"city tree, c=4 ({plan.city_tree_calls} calls)",
            lambda x: lambda: run_concurrently(x.city_tree, plan.city_tree_calls, 4),
        ),
        "walk": (
            f"walking {plan.walk_records:,} work orders",
            lambda x: lambda: x.walk(plan.page_size),
        ),
    }
    wanted = [v.target.profile for v in verdicts if not v.passed and v.target.profile]
    for name in runs:  # profiles of an earlier run would read as this run's
        for tag in ("", "-raw-aiohttp-json"):
            (directory / f"{name.replace('_', '-')}{tag}.txt").unlink(missing_ok=True)
    summaries = []
    for name in dict.fromkeys(wanted):
        if name is None:
            continue
        label, make = runs[name]
        _say(f"profiling {name}")
        for who, tag in ((sdk, ""), (raw, "-raw-aiohttp-json")):
            path = directory / f"{name.replace('_', '-')}{tag}.txt"
            async with asyncio.timeout(plan.call_limit):
                summaries.append(await profile(f"{who.name}: {label}", make(who), path))
    return summaries


async def _run(
    plan: Plan,
    server: ServerHandle,
    stock: object,
    pems: dict[int, str],
    keys: dict[int, RSAPrivateKey],
    profiles_dir: Path,
    cpus: list[int],
) -> tuple[dict[str, s.Scenario], list[Verdict], list[ProfileSummary]]:
    endpoints = _Endpoints(server)
    async with server, contextlib.AsyncExitStack() as stack:
        raw = await stack.enter_async_context(c.RawContender.stdlib_json(endpoints))
        fast = await stack.enter_async_context(c.RawContender.orjson(endpoints))
        gen = await stack.enter_async_context(c.StockContender(endpoints, stock))  # type: ignore[arg-type]
        sdk = await stack.enter_async_context(c.SdkContender(endpoints, private_key=pems[1024]))
        extra: list[c.Contender] = [
            await stack.enter_async_context(
                c.RawContender.stdlib_json_signed(endpoints, pems[1024])
            ),
            await stack.enter_async_context(
                c.SdkContender(endpoints, private_key=pems[2048], name=c.SDK_2048)
            ),
        ]
        scenarios = await _call_scenarios(plan, server, [raw, fast, gen, sdk], extra)
        _say("scenario token")
        scenarios["token"] = await s.token_scenario(
            plan=plan, server=server, private_key=pems[1024]
        )
        _say("scenario signing")
        scenarios["signing"] = s.signing_scenario(plan=plan, keys=keys)
        _say("scenario kyc")
        scenarios["kyc"] = await s.kyc_scenario(plan=plan)
        _say("scenario rss")
        scenarios["rss"] = s.rss_scenario(plan=plan, server=server, private_key=pems[1024])
        scenarios.update(await _core_scenarios(plan, server, pems, cpus))
        _say("scenario hostile")
        scenarios["hostile"] = s.hostile_scenario(plan=plan)
        verdicts = evaluate(scenarios)
        profiles = await _profile_misses(plan, verdicts, sdk, raw, profiles_dir)
    return scenarios, verdicts, profiles


def _pin(server_core: int | None, client_core: int | None) -> str:
    if server_core is None or client_core is None:
        return "none (fewer than 2 usable CPUs): server and client share the CPU"
    os.sched_setaffinity(0, {client_core})
    return f"server process on CPU {server_core}, client process on CPU {client_core}"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round")
    parser.add_argument("--out", type=Path, help="where to write the report")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the bench; return the exit status."""
    args = _parse(argv)
    plan = SMOKE if args.smoke else FULL
    out: Path = args.out or (
        Path(tempfile.mkdtemp(prefix="fincard-bench-")) / "report.md" if args.smoke else RESULTS
    )
    if args.smoke and out.resolve() == RESULTS.resolve():
        raise SystemExit("--smoke never writes bench/RESULTS.md: pass another --out")
    started, t0 = datetime.datetime.now(datetime.UTC), time.perf_counter()
    cpus = usable_cpus()
    server_core, client_core = (cpus[-1], cpus[0]) if len(cpus) >= 2 else (None, None)
    with tempfile.TemporaryDirectory(prefix="fincard-stock-") as workdir:
        _say("generating the stock client")
        stock = generate_stock_client(Path(workdir))
        pems, keys = _keys()
        server = start_server(_server_plan(plan, server_core))
        try:
            pinning = _pin(server_core, client_core)
            _say(f"server at {server.url}; {pinning}")
            scenarios, verdicts, profiles = asyncio.run(
                _run(plan, server, stock, pems, keys, out.parent / "profiles", cpus)
            )
        finally:
            server.stop()
    info = RunInfo(
        plan=plan,
        command=shlex.join(
            [os.path.relpath(sys.executable, ROOT), "-m", "bench", *(argv or sys.argv[1:])]
        ),
        started=started,
        elapsed=time.perf_counter() - t0,
        pinning=pinning,
        cpus=len(cpus),
        stock_note="The stock client was generated at bench time with `python -m "
        "openapi_python_client generate --path openapi/fincard.yaml --meta none` (stock "
        "templates, httpx, its default connection limits).",
    )
    _say("start-up costs")
    startup = startup_section(rounds=2 * plan.rounds - 1)  # full: 9, smoke: 1
    numbers = out.with_suffix(".json")  # bench/RESULTS.json beside bench/RESULTS.md
    previous = _history.load(numbers)
    now = _history.record(
        plan=plan.name,
        rounds=plan.rounds,
        started=started,
        scenarios=scenarios,
        verdicts=verdicts,
    )
    comparison = _history.compare(previous, now)
    text = render(info, scenarios, verdicts, profiles, root=ROOT, comparison=comparison)
    write_report(out, text + "\n".join(startup))
    _history.save(numbers, now)
    for verdict in verdicts:
        result = "info" if verdict.target.informational else "PASS" if verdict.passed else "MISS"
        _say(f"{result}  {verdict.target.text}: {verdict.measured}")
    if previous is not None and previous.get("plan") == now["plan"]:
        for target, before, after, change in _history.target_changes(previous, now):
            _say(f"{target}: {before} -> {after}, {change}")
    _say(f"report written to {out}, its numbers to {numbers.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
