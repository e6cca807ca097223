"""Spans and metrics of real calls against the sandbox, through the in-memory SDK exporters."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from examples import submit_reconcile
from fincard_async import BusinessError, FincardClient, FinHubConfig, InvalidRequestError
from fincard_async.sandbox import FaultRule, Sandbox

from .conftest import Otel

PLANTED = ("Zoe Planted-Surname", "4111999988887777", "planted@example.org")


def client_for(sandbox: Sandbox, **options: Any) -> FincardClient:
    creds = sandbox.credentials
    return FincardClient(
        finhub=FinHubConfig(
            base_url=sandbox.base_url,
            email=creds.email,
            password=creds.password,
            tenant_id=creds.tenant_id,
        ),
        **options,
    )


def every_value(otel: Otel) -> list[str]:
    values: list[str] = []
    for span in otel.finished():
        values += [str(v) for v in (span.attributes or {}).values()]
        values.append(span.name)
        for event in span.events:
            values += [str(v) for v in (event.attributes or {}).values()]
    for points in otel.points().values():
        for point in points:
            values += [str(v) for v in point.attributes.values()]
    return values


async def test_retried_reconciled_write(otel: Otel, fincard_sandbox: Sandbox) -> None:
    faults = fincard_sandbox.faults
    faults.add(FaultRule(operation="submitWorkOrder", kind="status", status=503, times=1))
    faults.add(FaultRule(operation="submitWorkOrder", kind="drop", times=2))
    async with client_for(fincard_sandbox) as client:
        order = await submit_reconcile.submit_exactly_once(
            client, title=PLANTED[0], target=PLANTED[1], trade_type="CARD_ACTIVE"
        )
    spans = otel.finished()
    names = [span.name for span in spans]
    assert names == ["login", "submitWorkOrder", "listWorkOrders", "submitWorkOrder"]
    login, unsure, lookup, landed = spans
    key = order.merchant_order_no

    assert login.parent is not None
    assert login.parent.span_id == unsure.context.span_id  # the login ran inside the first try
    assert unsure.attributes == {
        "fincard.operation": "submitWorkOrder",
        "fincard.family": "finhub",
        "fincard.idempotency_key": key,
        "fincard.outcome": "unknown",
        "error.type": "OutcomeUnknownError",
        "fincard.attempts": 3,
    }
    attempts = [dict(event.attributes or {}) for event in unsure.events]
    assert [a["fincard.attempt"] for a in attempts] == [1, 2, 3]
    assert attempts[0]["http.response.status_code"] == 503
    assert attempts[0]["error.type"] == "ServerError"
    assert [a["error.type"] for a in attempts[1:]] == ["APIConnectionError"] * 2
    assert unsure.status.status_code.name == "ERROR"

    assert lookup.attributes is not None
    assert lookup.attributes["fincard.outcome"] == "success"
    assert landed.attributes is not None
    assert landed.attributes["fincard.idempotency_key"] == key
    assert landed.attributes["fincard.outcome"] == "success"
    assert landed.attributes["fincard.attempts"] == 1
    assert landed.attributes["http.response.status_code"] == 200
    assert str(landed.attributes["fincard.request_id"])
    assert landed.status.status_code.name == "UNSET"

    points = otel.points()
    calls = {
        (p.attributes["fincard.operation"], p.attributes["fincard.outcome"]): p.count
        for p in points["fincard.client.call.duration"]
    }
    assert calls == {
        ("login", "success"): 1,
        ("submitWorkOrder", "unknown"): 1,
        ("submitWorkOrder", "success"): 1,
        ("listWorkOrders", "success"): 1,
    }
    submit_attempts = sum(
        p.value
        for p in points["fincard.client.attempts"]
        if p.attributes["fincard.operation"] == "submitWorkOrder"
    )
    assert submit_attempts == 4
    errors = {p.attributes["error.type"]: p.value for p in points["fincard.client.errors"]}
    assert errors == {"OutcomeUnknownError": 1}
    assert [p.value for p in points["fincard.client.logins"]] == [1]


async def test_no_personal_data_or_secret_in_any_attribute(
    otel: Otel, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(
        FaultRule(operation="submitWorkOrder", kind="status", status=400, times=1)
    )
    async with client_for(fincard_sandbox) as client:
        with pytest.raises(InvalidRequestError):
            await client.work_orders.submit(
                title=PLANTED[0], target=PLANTED[1], trade_type="CARD_ACTIVE", content=PLANTED[2]
            )
        await client.work_orders.submit(
            title=PLANTED[0], target=PLANTED[1], trade_type="CARD_ACTIVE", content=PLANTED[2]
        )
    values = every_value(otel)
    assert values
    secrets = (*PLANTED, fincard_sandbox.credentials.password, fincard_sandbox.credentials.email)
    leaked = [value for value in values if any(secret in value for secret in secrets)]
    assert leaked == []


async def test_vendor_code_and_failure_of_a_refused_call(
    otel: Otel, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(
        FaultRule(operation="listRegions", kind="envelope", code=-1, msg="refused")
    )
    async with client_for(fincard_sandbox) as client:
        with pytest.raises(BusinessError) as refused:
            await client.reference_data.list_regions()
    span = next(s for s in otel.finished() if s.name == "listRegions")
    assert span.attributes is not None
    assert span.attributes["fincard.outcome"] == "failure"
    assert span.attributes["error.type"] == type(refused.value).__name__
    assert span.attributes["fincard.vendor_code"] == "-1"
    assert span.attributes["http.response.status_code"] == 200


async def test_without_opentelemetry_calls_run_untraced(
    otel: Otel, fincard_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fincard_async import _telemetry

    monkeypatch.setattr(_telemetry, "trace", None)  # as when the [otel] extra is absent
    assert _telemetry.call("listRegions", "finhub", None) is _telemetry.call("x", "y", "z")
    async with client_for(fincard_sandbox) as client:
        assert await client.reference_data.list_regions()
    assert otel.finished() == []
    assert "fincard.client.call.duration" not in otel.points()


def test_importing_without_opentelemetry() -> None:
    code = (
        "import sys; sys.modules['opentelemetry'] = None\n"
        "from fincard_async import _telemetry\n"
        "assert _telemetry.trace is None and _telemetry.metrics is None\n"
        "with _telemetry.call('login', 'finhub', None) as call:\n"
        "    assert call.wrap(print) is print\n"
    )
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert answer.returncode == 0, answer.stderr.decode()


def test_api_without_an_sdk_costs_nothing() -> None:
    # a fresh interpreter: the API is installed, the application set no provider
    code = (
        "from fincard_async import _telemetry\n"
        "assert _telemetry.trace is not None\n"
        "assert _telemetry.call('login', 'finhub', None) is _telemetry._NO_CALL\n"
        "from opentelemetry import trace\n"
        "from opentelemetry.sdk.trace import TracerProvider\n"
        "trace.set_tracer_provider(TracerProvider())\n"
        "assert _telemetry.call('login', 'finhub', None) is not _telemetry._NO_CALL\n"
    )
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert answer.returncode == 0, answer.stderr.decode()
