"""Calls cancelled at random points: waiting for a token, for the pool, mid-request, in back-off.

The client has a small pool (so some calls wait for a connection), a slow first login (so
some wait for the token), and the sandbox adds random latency and 503s (so some sit in
back-off). Each call is cancelled after a random delay. Afterwards nothing may be left over:
no connection in use, no pending task, no "Unclosed" warning, no error in the loop's log.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from fincard_async import ConnectionLimits, FincardClient, FincardError, Timeout, ValidationError
from fincard_async.sandbox import FaultRule

from ._harness import (
    FAST_RETRY,
    Figure,
    Plan,
    Scenario,
    Section,
    client_for,
    exactly,
)
from ._remote import RemoteSandbox, SandboxPool

__all__ = ["SCENARIO"]

LATEST_CANCEL = 0.4


def _faults() -> list[FaultRule]:
    return [
        FaultRule(operation="login", kind="delay", delay=0.2, times=1),
        FaultRule(operation="*", kind="delay", delay=0.1, probability=0.3),
        FaultRule(operation="listRegions", kind="status", status=503, probability=0.2),
        FaultRule(operation="submitWorkOrder", kind="status", status=503, probability=0.2),
        FaultRule(operation="submitWorkOrder", kind="lose_answer", probability=0.1),
    ]


def _calls(client: FincardClient, number: int) -> Callable[[], Awaitable[Any]]:
    if number % 2:
        return client.reference_data.list_regions
    return lambda: client.work_orders.submit(
        title=f"cancel {number}", target=f"6{number:015d}", trade_type="OTHER"
    )


async def _cancel_one(call: Callable[[], Awaitable[Any]], after: float) -> str:
    task = asyncio.ensure_future(call())
    done, _ = await asyncio.wait({task}, timeout=after)
    if not done:
        task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return "cancelled"
    except FincardError:
        return "sdk error"
    except Exception as exc:  # counting what escapes the SDK is the point
        return f"non-SDK {type(exc).__name__}"
    return "completed"


async def _storm(client: FincardClient, plan: Plan) -> list[str]:
    rng = random.Random(plan.seed)
    gate = asyncio.Semaphore(plan.concurrency)

    async def one(number: int) -> str:
        async with gate:
            return await _cancel_one(_calls(client, number), rng.uniform(0, LATEST_CANCEL))

    return await asyncio.gather(*(one(n) for n in range(plan.cancellations)))


def _in_use(client: FincardClient) -> int:
    session = client._shared.session
    connector = session.connector if session is not None else None
    return len(getattr(connector, "_acquired", ()))


async def run(plan: Plan, sandboxes: SandboxPool) -> list[Section]:
    """Cancel ``plan.cancellations`` calls at random points; count what is left over."""
    loop = asyncio.get_running_loop()
    loop_errors: list[str] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: loop_errors.append(str(context.get("message"))))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figures = await _run(plan, sandboxes.quick)
            gc.collect()
        unclosed = [
            w for w in caught if "Unclosed" in str(w.message) or w.category is ResourceWarning
        ]
    finally:
        loop.set_exception_handler(previous)
    figures += [
        exactly('"Unclosed" / ResourceWarning warnings', len(unclosed)),
        exactly("errors reported by the event loop", len(loop_errors)),
    ]
    return [Section(title="Cancellation at random points", figures=figures, notes=loop_errors[:3])]


async def _run(plan: Plan, sandbox: RemoteSandbox) -> list[Figure]:
    options: dict[str, Any] = {
        "timeout": Timeout(total=2.0, deadline=3.0),
        "retry": FAST_RETRY,
        "limits": ConnectionLimits(max_connections=8),
    }
    async with client_for(sandbox, **options) as client:
        with contextlib.suppress(ValidationError):  # compile the spec check first
            await client.work_orders.submit(title="", target="", trade_type="OTHER")
        await sandbox.add_faults(*_faults())
        outcomes = await _storm(client, plan)
        await sandbox.clear_faults()
        await asyncio.sleep(0.3)  # a login shielded from a cancelled caller may still finish
        in_use = _in_use(client)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        await client.reference_data.list_regions()  # still usable afterwards
    counts = {kind: outcomes.count(kind) for kind in sorted(set(outcomes))}
    stray = sum(n for kind, n in counts.items() if kind.startswith("non-SDK"))
    return [
        Figure(name="calls", value=len(outcomes)),
        Figure(name="outcomes", value=", ".join(f"{k} {n}" for k, n in counts.items())),
        exactly("non-SDK exceptions", stray),
        exactly("connections in use afterwards", in_use),
        exactly("pending tasks afterwards", len(pending)),
    ]


SCENARIO = Scenario(name="cancel", run=run)
