"""Writes under about 20% faults of every kind: work-order submits and card applications.

Every logical write has its own key and a unique field (the work order's ``target``, the
application's ``email``), so that the sandbox's state shows duplicates and lost writes.
After the run the faults are cleared and every ``OutcomeUnknownError`` is resolved by
resubmitting with its key.
"""

from __future__ import annotations

import base64
import collections
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from fincard_async import (
    DuplicateRequestError,
    FincardClient,
    FincardError,
    OutcomeUnknownError,
    ValidationError,
)
from fincard_async._generated.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    DocNeverExpire,
    Gender,
)
from fincard_async.sandbox import FaultRule

from ._harness import (
    FAST_RETRY,
    LATE,
    Figure,
    Plan,
    Scenario,
    Section,
    Timer,
    bounded,
    client_for,
    exactly,
    soak_timeout,
    under_ms,
)
from ._remote import RemoteSandbox, SandboxPool, SandboxState

__all__ = ["SCENARIO", "write_faults"]

DEADLINE = 12.0
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()


def write_faults(operation: str, rate: float, *, finhub: bool) -> list[FaultRule]:
    """``rate`` of the requests to ``operation`` hit a fault, spread over every kind."""
    kinds: list[dict[str, Any]] = [
        {"kind": "status", "status": 503},
        {"kind": "status", "status": 429, "retry_after": 0},
        {"kind": "drop"},
        {"kind": "truncate"},
        {"kind": "non_json"},
        {"kind": "envelope"},
        {"kind": "lose_answer"},
        {"kind": "late_answer", "delay": LATE},
    ]
    if finhub:
        kinds.append({"kind": "expire_token"})
    share = rate / (len(kinds) + 1)
    rules = [FaultRule(operation=operation, kind="delay", delay=0.05, probability=share)]
    rules += [FaultRule(operation=operation, probability=share, **kind) for kind in kinds]
    # a repeated key after a lost answer meets the vendor's duplicate answer half the time
    rules.append(FaultRule(operation=operation, kind="duplicate", probability=0.5))
    return rules


def _application(number: int) -> tuple[CardApplyBaseInfo, CardApplyKycInfo]:
    base = CardApplyBaseInfo(
        card_type_id="10001",
        email=f"soak{number}@example.com",
        first_name="Ann",
        last_name="Lee",
        mobile="5550100",
        mobile_code="+1",
    )
    kyc = CardApplyKycInfo(
        address="1 Main Street",
        birthday="1990-04-12",
        city="Springfield",
        country_id="US",
        doc_no="X1234567",
        doc_type=1,
        emergency_contact="Bob Lee",
        front_doc=PNG,
        gender=Gender.VALUE_2,
        mix_doc=PNG,
        nationality_id="US",
        sign_img=PNG,
        state="IL",
        zip_code="62701",
        doc_never_expire=DocNeverExpire.VALUE_1,
    )
    return base, kyc


class _Tally:
    """What the callers saw, per key, and which logical write (its number) each key was."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self.numbers: dict[str, int] = {}
        self.reconciled = 0


def _submit_call(client: FincardClient, key: str, number: int) -> Any:
    return client.work_orders.submit(
        title=f"soak {number}",
        target=f"4{number:015d}",
        trade_type="CARD_ACTIVE",
        merchant_order_no=key,
    )


def _apply_call(client: FincardClient, key: str, number: int) -> Any:
    base, kyc = _application(number)
    return client.cards.apply(base_info=base, kyc_info=kyc, mc_trade_no=key)


Call = Callable[[FincardClient, str, int], Any]


async def _one(call: Call, client: FincardClient, timer: Timer, tally: _Tally, n: int) -> None:
    key = client.order_numbers.new()
    tally.numbers[key] = n
    with client.capture_responses() as seen:
        tally.results[key] = await timer.run(call(client, key, n))
    tally.reconciled += sum(1 for info in seen if info.reconciled)


async def _resolve(call: Call, client: FincardClient, tally: _Tally) -> tuple[int, list[str]]:
    """Resubmit every uncertain write with its key, faults off; (resolved, problems)."""
    resolved, problems = 0, []
    for key, result in tally.results.items():
        if not isinstance(result, OutcomeUnknownError):
            continue
        if result.idempotency_key != key:
            problems.append(f"OutcomeUnknownError with another key: {result.idempotency_key}")
            continue
        try:
            await call(client, key, tally.numbers[key])
        except DuplicateRequestError:
            pass  # HyperCard: the key exists, so the first attempt landed
        except FincardError as error:
            problems.append(f"resubmitting {key}: {type(error).__name__}")
            continue
        resolved += 1
    return resolved, problems


def _kinds(results: dict[str, Any]) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for result in results.values():
        if isinstance(result, OutcomeUnknownError):
            counts["unknown"] += 1
        elif isinstance(result, FincardError):
            counts["failed"] += 1
        elif isinstance(result, Exception):
            counts["stray"] += 1
        else:
            counts["ok"] += 1
    return counts


async def _run_writes(
    sandbox: RemoteSandbox, plan: Plan, call: Call, count: int, rules: Sequence[FaultRule]
) -> tuple[_Tally, Timer, tuple[int, list[str]]]:
    timer, tally = Timer(deadline=DEADLINE), _Tally()
    async with client_for(sandbox, timeout=soak_timeout(DEADLINE), retry=FAST_RETRY) as client:
        await client.reference_data.list_regions()  # login and card types outside the figures
        await client.cards.card_type_rules("10001")
        with contextlib.suppress(ValidationError):  # compiles the spec check before the clock runs
            await client.work_orders.submit(title="", target="", trade_type="OTHER")
        await sandbox.add_faults(*rules)
        jobs = [_job(call, client, timer, tally, n) for n in range(count)]
        await bounded(plan.concurrency, jobs)
        await sandbox.clear_faults()
        resolution = await _resolve(call, client, tally)
    return tally, timer, resolution


def _job(
    call: Call, client: FincardClient, timer: Timer, tally: _Tally, n: int
) -> Callable[[], Any]:
    return lambda: _one(call, client, timer, tally, n)


async def _work_orders(sandbox: RemoteSandbox, plan: Plan) -> Section:
    tenant = sandbox.credentials.tenant_id
    rules = write_faults("submitWorkOrder", plan.fault_rate, finhub=True)
    rules += write_faults("listWorkOrders", plan.fault_rate, finhub=True)[:-1]
    tally, timer, resolution = await _run_writes(sandbox, plan, _submit_call, plan.submits, rules)
    state = await sandbox.state()
    orders = [order for order in state.work_orders if order["tenantId"] == tenant]
    per_unique = collections.Counter(order["target"] for order in orders)
    stored = {order["merchantOrderNo"] for order in orders}
    return _section(
        "Writes: work-order submits (FinHub)", tally, timer, resolution, stored, per_unique, state
    )


async def _applications(sandbox: RemoteSandbox, plan: Plan) -> Section:
    rules = write_faults("applyCard", plan.fault_rate, finhub=False)
    tally, timer, resolution = await _run_writes(
        sandbox, plan, _apply_call, plan.applications, rules
    )
    state = await sandbox.state()
    per_unique = collections.Counter(app["email"] for app in state.applications)
    stored = {app["mcTradeNo"] for app in state.applications}
    return _section(
        "Writes: card applications (HyperCard)", tally, timer, resolution, stored, per_unique, state
    )


def _section(
    title: str,
    tally: _Tally,
    timer: Timer,
    resolution: tuple[int, list[str]],
    stored: set[str],
    per_unique: collections.Counter[str],
    state: SandboxState,
) -> Section:
    kinds = _kinds(tally.results)
    resolved, problems = resolution
    definite = [k for k, r in tally.results.items() if _definite(r)]
    succeeded = [k for k, r in tally.results.items() if not isinstance(r, Exception)]
    figures = [
        Figure(name="logical writes", value=len(tally.results)),
        Figure(name="succeeded (incl. reconciled)", value=kinds["ok"]),
        Figure(name="reconciled automatically by lookup", value=tally.reconciled),
        Figure(name="OutcomeUnknownError", value=kinds["unknown"]),
        Figure(name="definite errors", value=kinds["failed"]),
        exactly("duplicates on the server", sum(n - 1 for n in per_unique.values() if n > 1)),
        exactly("landed writes reported as definite failures", sum(k in stored for k in definite)),
        exactly("successes with nothing on the server", sum(k not in stored for k in succeeded)),
        exactly(
            "OutcomeUnknownError not resolved by resubmitting with its key",
            kinds["unknown"] - resolved,
        ),
        exactly("non-SDK exceptions", len(timer.non_sdk)),
        exactly("sandbox contract violations", state.violations),
        under_ms("deadline overshoot, worst", timer.worst),
    ]
    definite_kinds = collections.Counter(type(tally.results[k]).__name__ for k in definite)
    notes = [
        *problems[:5],
        *timer.non_sdk[:5],
        f"uncertain writes, by attempts: {attempt_mix(tally)}",
        f"definite errors (nothing can have landed), by type: {dict(definite_kinds)}",
    ]
    if timer.worst_what:
        notes.append(f"slowest call ended in: {timer.worst_what}")
    return Section(title=title, figures=figures, notes=notes)


def _definite(result: Any) -> bool:
    return isinstance(result, FincardError) and not isinstance(result, OutcomeUnknownError)


async def run(plan: Plan, sandboxes: SandboxPool) -> list[Section]:
    """Both write scenarios, on the sandbox that checks the contract."""
    return [
        await _work_orders(sandboxes.checked, plan),
        await _applications(sandboxes.checked, plan),
    ]


SCENARIO = Scenario(name="writes", run=run)


def attempt_mix(tally: _Tally) -> str:
    """Which attempt errors led to the OutcomeUnknownErrors (for the notes)."""
    mix: collections.Counter[str] = collections.Counter()
    for result in tally.results.values():
        if isinstance(result, OutcomeUnknownError):
            mix[" > ".join(type(e).__name__ for e in result.attempt_errors)] += 1
    return "; ".join(f"{n}x {path}" for path, n in mix.most_common(4))
