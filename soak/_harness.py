"""What every soak scenario shares: the plan, figures, a client for a sandbox, the checks."""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import attrs

from fincard_async import (
    EndUser,
    FincardClient,
    FincardError,
    FinHubConfig,
    HyperCardConfig,
    RetryPolicy,
    Timeout,
)

from ._remote import RemoteSandbox, SandboxPool

__all__ = [
    "SCENARIO_MODULES",
    "Figure",
    "Plan",
    "Scenario",
    "Section",
    "Timer",
    "client_for",
    "load_scenarios",
]

# the scenario modules run, in order; add a module here to add a scenario
SCENARIO_MODULES: tuple[str, ...] = ("soak._writes", "soak._tokens", "soak._cancel")


@attrs.frozen(kw_only=True)
class Plan:
    """How big a run is."""

    submits: int = 2000
    applications: int = 300
    concurrency: int = 32
    storm: int = 1000
    cancellations: int = 500
    fault_rate: float = 0.20
    seed: int = 10

    @classmethod
    def fast(cls) -> Plan:
        """Small counts for ``make test`` (seconds, not minutes)."""
        return cls(submits=60, applications=16, storm=50, cancellations=40)


@attrs.frozen(kw_only=True)
class Figure:
    """One measured figure, with the value it must have (None: reported only)."""

    name: str
    value: float | int | str
    target: str | None = None
    ok: bool = True


@attrs.frozen(kw_only=True)
class Section:
    """A scenario's figures."""

    title: str
    figures: Sequence[Figure]
    notes: Sequence[str] = ()

    @property
    def ok(self) -> bool:
        """Whether every figure with a target met it."""
        return all(figure.ok for figure in self.figures)


@attrs.frozen(kw_only=True)
class Scenario:
    """A named scenario: ``run(plan, sandboxes)`` returns its sections."""

    name: str
    run: Callable[[Plan, SandboxPool], Awaitable[Sequence[Section]]]


def load_scenarios(names: Sequence[str] = SCENARIO_MODULES) -> list[Scenario]:
    """The ``SCENARIO`` of every listed module."""
    return [importlib.import_module(name).SCENARIO for name in names]


def exactly(name: str, value: int, want: int = 0) -> Figure:
    """A count that must be exactly ``want``."""
    return Figure(name=name, value=value, target=f"= {want}", ok=value == want)


def under_ms(name: str, seconds: float, limit_ms: float = 100.0) -> Figure:
    """A worst-case overshoot in milliseconds that must stay under ``limit_ms``."""
    ms = round(seconds * 1000, 1)
    return Figure(name=name, value=ms, target=f"< {limit_ms:g} ms", ok=ms < limit_ms)


def client_for(sandbox: RemoteSandbox, **options: Any) -> FincardClient:
    """A client pointed at ``sandbox`` with its demo credentials for both families."""
    credentials = sandbox.credentials
    finhub = FinHubConfig(
        base_url=sandbox.base_url,
        email=credentials.email,
        password=credentials.password,
        tenant_id=credentials.tenant_id,
        forwarded_from="fincard-soak",
        end_user=EndUser(ip="203.0.113.7", platform="web", device_id="soak-device-1"),
    )
    hypercard = HyperCardConfig(
        base_url=sandbox.base_url,
        api_key=credentials.api_key,
        private_key=credentials.private_key_pem,
    )
    return FincardClient(finhub=finhub, hypercard=hypercard, **options)


FAST_RETRY = RetryPolicy(max_retries=3, initial_delay=0.02, max_delay=0.2, max_retry_after=1.0)


# attempts end after ATTEMPT seconds; a late answer comes LATE seconds after the write
ATTEMPT = 2.0
LATE = 2.5


def soak_timeout(deadline: float) -> Timeout:
    """Attempts of ATTEMPT seconds, so that a late answer always comes after the client gave up."""
    return Timeout(connect=ATTEMPT, read=ATTEMPT, total=ATTEMPT, deadline=deadline)


@attrs.define
class Timer:
    """Times calls against their deadline and keeps the worst overshoot and the strays."""

    deadline: float
    worst: float = 0.0
    worst_what: str = ""
    calls: int = 0
    non_sdk: list[str] = attrs.field(factory=list)

    async def run(self, call: Awaitable[Any]) -> Any:
        """Await ``call``; return its result or the SDK error it raised."""
        started = time.perf_counter()
        result: Any = None
        try:
            result = await call
            return result
        except FincardError as error:
            result = error
            return error
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # counting what escapes the SDK is the point
            self.non_sdk.append(f"{type(exc).__name__}: {exc}")
            return exc
        finally:
            self.calls += 1
            over = time.perf_counter() - started - self.deadline
            if over > self.worst:
                self.worst, self.worst_what = over, _what(result)


async def bounded(concurrency: int, jobs: Sequence[Callable[[], Awaitable[Any]]]) -> list[Any]:
    """Run ``jobs`` with at most ``concurrency`` in flight; results in order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in jobs))


def _what(result: Any) -> str:
    if isinstance(result, BaseException):
        return f"{type(result).__name__}: {result}"[:300]
    return type(result).__name__
