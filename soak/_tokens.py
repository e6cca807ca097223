"""Token storms: many calls at once that all need a token, in every way a login can go.

Each storm makes the current token unusable (client-side expiry by moving the client's
clock, or server-side revocation), then sends ``plan.storm`` calls at once. Logins are
counted on the server (tokens issued); errors are checked per caller.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from fincard_async import (
    APIError,
    Clock,
    FincardClient,
    OutcomeUnknownError,
    RetryPolicy,
    Timeout,
    ValidationError,
)
from fincard_async.sandbox import FaultRule

from ._harness import (
    Figure,
    Plan,
    Scenario,
    Section,
    Timer,
    client_for,
    exactly,
    under_ms,
)
from ._remote import RemoteSandbox, SandboxPool

__all__ = ["SCENARIO"]

DEADLINE = 15.0  # room for 1,000 calls through one sandbox process
SLOW_LOGIN = 1.5
SHORT_DEADLINE = 1.0


@attrs.define
class _Skew:
    """A monotonic clock the storm can move forward (client-side token expiry)."""

    offset: float = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


@attrs.define
class _Storm:
    sandbox: RemoteSandbox
    client: FincardClient
    skew: _Skew
    size: int

    async def tokens(self) -> set[str]:
        return (await self.sandbox.state()).tokens

    def expire_client_side(self) -> None:
        self.skew.offset += 2 * 3600

    async def read(self) -> Any:
        # always one request, and no spec check: the storm measures the token, not the check
        return await self.client.reference_data.list_regions()

    async def submit(self, number: int) -> Any:
        return await self.client.work_orders.submit(
            title=f"storm {number}",
            target=f"5{number:015d}",
            trade_type="OTHER",
            merchant_order_no=f"STORM{number:019d}",
        )


async def _storm(
    storm: _Storm, title: str, calls: list[Callable[[], Awaitable[Any]]], deadline: float
) -> tuple[Section, list[Any]]:
    before = await storm.tokens()
    timer = Timer(deadline=deadline)
    results = await asyncio.gather(*(timer.run(call()) for call in calls))
    await asyncio.sleep(0)
    errors = [r for r in results if isinstance(r, APIError)]
    keys = [_key_of(call) for call in calls]
    wrong_key = sum(
        1
        for want, r in zip(keys, results, strict=True)
        if isinstance(r, APIError) and r.idempotency_key != want
    )
    figures = [
        Figure(name="calls", value=len(calls)),
        Figure(name="logins (tokens issued)", value=len(await storm.tokens() - before)),
        Figure(name="failed callers", value=len(errors)),
        exactly(
            "distinct exception objects minus failed callers",
            len({id(e) for e in errors}) - len(errors),
        ),
        exactly("errors carrying another caller's key", wrong_key),
        exactly(
            "false OutcomeUnknownError", sum(isinstance(e, OutcomeUnknownError) for e in errors)
        ),
        exactly("non-SDK exceptions", len(timer.non_sdk)),
        under_ms("deadline overshoot, worst", timer.worst),
    ]
    kinds = collections.Counter(type(e).__name__ for e in errors)
    notes = [f"errors: {dict(kinds)}"] if kinds else []
    return Section(title=f"Token storm: {title}", figures=figures, notes=notes), results


def _key_of(call: Callable[[], Awaitable[Any]]) -> str | None:
    return getattr(call, "key", None)


def _keyed(storm: _Storm, number: int) -> Callable[[], Awaitable[Any]]:
    def call() -> Awaitable[Any]:
        return storm.submit(number)

    call.key = f"STORM{number:019d}"  # type: ignore[attr-defined]
    return call


def _one_login(section: Section, want: int = 1) -> Section:
    logins = next(f for f in section.figures if f.name.startswith("logins"))
    fixed = exactly("logins (tokens issued)", int(logins.value), want)
    figures = [fixed if f is logins else f for f in section.figures]
    return attrs.evolve(section, figures=figures)


async def _expired_client_side(storm: _Storm) -> Section:
    storm.expire_client_side()
    section, _ = await _storm(
        storm, "token expired client-side", [storm.read] * storm.size, DEADLINE
    )
    return _one_login(section)


async def _expired_server_side(storm: _Storm) -> Section:
    await storm.sandbox.expire_tokens()
    section, _ = await _storm(
        storm, "token revoked server-side (401)", [storm.read] * storm.size, DEADLINE
    )
    return _one_login(section)


async def _login_fails_once(storm: _Storm) -> Section:
    storm.expire_client_side()
    await storm.sandbox.add_faults(FaultRule(operation="login", kind="status", status=503, times=1))
    section, _ = await _storm(storm, "login fails transiently", [storm.read] * storm.size, DEADLINE)
    await storm.sandbox.clear_faults()
    return _one_login(section)


async def _login_always_fails(storm: _Storm) -> Section:
    storm.expire_client_side()
    await storm.sandbox.add_faults(FaultRule(operation="login", kind="status", status=503))
    orders = len((await storm.sandbox.state()).work_orders)
    calls = [_keyed(storm, n) if n % 2 else storm.read for n in range(storm.size)]
    section, _ = await _storm(storm, "login always fails (submits and reads)", calls, DEADLINE)
    await storm.sandbox.clear_faults()
    sent = len((await storm.sandbox.state()).work_orders) - orders
    return attrs.evolve(
        section, figures=[*section.figures, exactly("submits that reached the server", sent)]
    )


async def _cancelled_leader(storm: _Storm) -> Section:
    storm.expire_client_side()
    await storm.sandbox.add_faults(FaultRule(operation="login", kind="delay", delay=0.3, times=1))
    leader = asyncio.ensure_future(storm.read())
    await asyncio.sleep(0.05)  # the leader's login is on the wire
    leader.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await leader
    section, _ = await _storm(
        storm, "the login leader is cancelled", [storm.read] * (storm.size - 1), DEADLINE
    )
    await storm.sandbox.clear_faults()
    return _one_login(section)


async def _slow_login(storm: _Storm) -> Section:
    storm.expire_client_side()
    await storm.sandbox.add_faults(
        FaultRule(operation="login", kind="delay", delay=SLOW_LOGIN, times=1)
    )
    client = storm.client.with_options(
        timeout=Timeout(total=SHORT_DEADLINE, deadline=SHORT_DEADLINE)
    )
    before = await storm.tokens()
    section, _ = await _storm(
        attrs.evolve(storm, client=client),
        f"login ({SLOW_LOGIN:g} s) slower than the deadline ({SHORT_DEADLINE:g} s)",
        [client.reference_data.list_regions] * storm.size,
        SHORT_DEADLINE,
    )
    await asyncio.sleep(SLOW_LOGIN)  # the login goes on for the next callers
    await storm.read()
    await storm.sandbox.clear_faults()
    logins = len(await storm.tokens() - before)
    figures = [
        *section.figures,
        exactly("logins, including the next call after the storm", logins, 1),
    ]
    return attrs.evolve(section, figures=figures)


STORMS = (
    _expired_client_side,
    _expired_server_side,
    _login_fails_once,
    _login_always_fails,
    _cancelled_leader,
    _slow_login,
)


async def run(plan: Plan, sandboxes: SandboxPool) -> list[Section]:
    """Every storm, one after the other, on one client of the sandbox without contract checks."""
    skew = _Skew()
    sandbox = sandboxes.quick
    retry = RetryPolicy(max_retries=2, initial_delay=0.05, max_delay=0.2)
    options: dict[str, Any] = {
        "timeout": Timeout(total=DEADLINE, deadline=DEADLINE),
        "retry": retry,
        "clock": Clock(monotonic=skew.monotonic),
    }
    sections = []
    async with client_for(sandbox, **options) as client:
        storm = _Storm(sandbox=sandbox, client=client, skew=skew, size=plan.storm)
        await storm.read()  # the first login and the spec check, outside the figures
        with contextlib.suppress(ValidationError):
            await client.work_orders.submit(title="", target="", trade_type="OTHER")
        for body in STORMS:
            sections.append(await body(storm))
    return sections


SCENARIO = Scenario(name="tokens", run=run)
