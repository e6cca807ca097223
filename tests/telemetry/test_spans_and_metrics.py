"""Spans and metrics of real calls against the sandbox, through the in-memory SDK exporters."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

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
    # first attempt: the write commits and its answer is lost; the retry under the same
    # number is refused as a duplicate; the SDK finds the order by its number
    faults.add(FaultRule(operation="submitWorkOrder", kind="lose_answer", times=1))
    faults.add(FaultRule(operation="submitWorkOrder", kind="duplicate"))
    async with client_for(fincard_sandbox) as client:
        order = await client.work_orders.submit(
            title=PLANTED[0], target=PLANTED[1], trade_type="CARD_ACTIVE"
        )
    spans = {span.name: span for span in otel.finished()}
    assert sorted(spans) == ["listWorkOrders", "login", "submitWorkOrder"]
    write, login, lookup = spans["submitWorkOrder"], spans["login"], spans["listWorkOrders"]
    key = order.merchant_order_no

    assert write.parent is None
    for child in (login, lookup):  # the login and the lookup ran inside the logical write
        assert child.parent is not None
        assert child.parent.span_id == write.context.span_id
    assert write.attributes is not None
    assert write.attributes["fincard.operation"] == "submitWorkOrder"
    assert write.attributes["fincard.family"] == "finhub"
    assert write.attributes["fincard.idempotency_key"] == key
    assert write.attributes["fincard.outcome"] == "reconciled"
    assert write.attributes["fincard.attempts"] == 2
    assert write.status.status_code.name == "UNSET"
    attempts = [dict(event.attributes or {}) for event in write.events]
    assert [a["fincard.attempt"] for a in attempts] == [1, 2]
    assert attempts[0]["error.type"] == "APIConnectionError"
    assert attempts[1]["error.type"] == "BusinessError"
    assert attempts[1]["http.response.status_code"] == 200
    assert lookup.attributes is not None
    assert lookup.attributes["fincard.outcome"] == "success"

    points = otel.points()
    calls = {
        (p.attributes["fincard.operation"], p.attributes["fincard.outcome"]): p.count
        for p in points["fincard.client.call.duration"]
    }
    assert calls == {
        ("login", "success"): 1,
        ("submitWorkOrder", "reconciled"): 1,
        ("listWorkOrders", "success"): 1,
    }
    submit_attempts = sum(
        p.value
        for p in points["fincard.client.attempts"]
        if p.attributes["fincard.operation"] == "submitWorkOrder"
    )
    assert submit_attempts == 2
    assert "fincard.client.errors" not in points or not points["fincard.client.errors"]
    assert [p.value for p in points["fincard.client.logins"]] == [1]
    assert not any(planted in value for planted in PLANTED for value in every_value(otel))


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
