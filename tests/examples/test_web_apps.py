"""The FastAPI and aiohttp.web examples, driven by their frameworks' own test clients.

Both hold one FincardClient for the application and pass each request's end-user IP on to
FinHub, which the ``forwarded_for`` fixture records as the sandbox received it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient

from examples import aiohttp_app, fastapi_app
from fincard_async.sandbox import FaultRule, Sandbox

END_USER = ("198.51.100.4", 50000)
USER_IP = "198.51.100.9"


def drive_fastapi() -> list[tuple[int, Any]]:
    # TestClient runs the app (lifespan included) on a loop of its own, in this thread
    answers: list[tuple[int, Any]] = []
    with TestClient(fastapi_app.app, client=END_USER) as http:
        client_at_start = fastapi_app.app.state.fincard
        for method, url, body in (
            ("GET", "/countries", None),
            ("POST", "/work-orders", {"title": "Activate", "target": "4111"}),
            ("POST", "/work-orders", {"title": "", "target": "4111"}),
            ("GET", "/work-orders/NOSUCHORDER00000000000001", None),
        ):
            answer = http.request(method, url, json=body)
            answers.append((answer.status_code, answer.json()))
        assert fastapi_app.app.state.fincard is client_at_start  # one client for the app
    assert client_at_start.is_closed  # closed by the lifespan on shutdown
    return answers


async def test_fastapi_app(sandbox: Sandbox, forwarded_for: list[str]) -> None:
    # a thread, so that this loop keeps serving the sandbox while the app calls it
    answers = await asyncio.to_thread(drive_fastapi)
    (countries_status, countries), (created_status, created), invalid, missing = answers
    assert countries_status == 200
    assert "SG" in countries
    assert created_status == 201
    assert created["merchant_order_no"]
    assert invalid[0] == 422
    assert any("title" in violation for violation in invalid[1]["violations"])
    assert missing[0] == 404
    assert forwarded_for  # every FinHub call carried the end user's IP, not a default
    assert set(forwarded_for) == {END_USER[0]}


def drive_fastapi_uncertain(merchant_order_no: str) -> tuple[int, Any, int, Any]:
    with TestClient(fastapi_app.app, client=END_USER) as http:
        body = {"title": "Activate", "target": "4111", "merchant_order_no": merchant_order_no}
        unsure = http.post("/work-orders", json=body)
        found = http.get(f"/work-orders/{merchant_order_no}")
    return unsure.status_code, unsure.json(), found.status_code, found.json()


async def test_fastapi_app_reports_an_uncertain_write_as_202(
    sandbox: Sandbox, forwarded_for: list[str]
) -> None:
    sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop"))
    key = "WEBUNSURE0000000000000001"
    status, body, found_status, _ = await asyncio.to_thread(drive_fastapi_uncertain, key)
    assert (status, body) == (202, {"status": "unknown", "merchant_order_no": key})
    assert found_status == 404  # dropped before it landed: safe to send again with the key


async def test_aiohttp_app(sandbox: Sandbox, forwarded_for: list[str], aiohttp_client: Any) -> None:
    app = aiohttp_app.create_app(trusted_proxies=frozenset({"127.0.0.1"}))
    http = await aiohttp_client(app)
    held = app[aiohttp_app.FINCARD]
    countries = await http.get("/countries", headers={"X-Forwarded-For": "10.9.9.9, " + USER_IP})
    assert countries.status == 200
    assert "SG" in await countries.json()
    created = await http.post(
        "/work-orders",
        json={"title": "Activate", "target": "4111"},
        headers={"X-Forwarded-For": USER_IP},
    )
    assert created.status == 201
    assert (await created.json())["order_no"]
    invalid = await http.post("/work-orders", json={"title": "", "target": "4111"})
    assert invalid.status == 422
    sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="drop"))
    unsure = await http.post(
        "/work-orders",
        json={"title": "t", "target": "4111", "merchant_order_no": "WEBUNSURE0000000000000002"},
    )
    assert unsure.status == 202
    assert app[aiohttp_app.FINCARD] is held  # one client for the whole app
    # the end user behind the trusted proxy, per request (the dropped call is not recorded;
    # the SDK's lookup of its order number carries that request's own end user, the peer)
    assert forwarded_for == [USER_IP, USER_IP, "127.0.0.1"]
    await http.close()
    assert held.is_closed  # cleanup_ctx closed it
