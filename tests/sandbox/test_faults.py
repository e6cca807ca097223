"""Fault injection: every kind, the counting options, and the admin endpoint."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from fincard_async.sandbox import FaultRule, Sandbox
from fincard_async.sandbox._faults import FaultSet

from .helpers import FinHub, HyperCard


async def test_a_status_fault_fires_the_given_number_of_times(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    rule = fincard_sandbox.faults.add(
        FaultRule(operation="listRegions", kind="status", status=503, times=2, retry_after=1)
    )

    answers = [await finhub.call("listRegions") for _ in range(3)]

    assert [answer.status for answer in answers] == [503, 503, 200]
    assert answers[0].body == {
        "success": False,
        "code": 500,
        "msg": "injected HTTP 503",
        "data": None,
    }
    assert answers[0].headers["Retry-After"] == "1"
    assert "X-Request-Id" in answers[0].headers
    assert fincard_sandbox.faults.fired(rule) == 2


async def test_a_status_fault_uses_the_hypercard_envelope(
    hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="listCardTypes", kind="status", status=429))

    answer = await hypercard.call("listCardTypes")

    assert answer.status == 429
    assert answer.body["code"] == "B0000"


async def test_faults_only_hit_their_operation(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="listCities", kind="status", status=500))

    assert (await finhub.call("listRegions")).status == 200
    assert (await finhub.call("listCities")).status == 500


async def test_a_delay_fault_slows_the_answer_down(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="listRegions", kind="delay", delay=0.2))

    started = time.monotonic()
    answer = await finhub.call("listRegions")

    assert answer.status == 200
    assert time.monotonic() - started >= 0.2


async def test_a_delay_fault_makes_a_client_timeout(
    finhub: FinHub, fincard_sandbox: Sandbox, session: aiohttp.ClientSession
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="listRegions", kind="delay", delay=1))
    url = fincard_sandbox.base_url + "/api/v2.1/fincard/virtual/common/region"

    with pytest.raises(asyncio.TimeoutError):
        async with session.post(
            url, json={}, headers=finhub.headers(), timeout=aiohttp.ClientTimeout(total=0.1)
        ):
            pass


async def test_a_drop_fault_closes_the_connection(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="listRegions", kind="drop", times=1))

    with pytest.raises(aiohttp.ServerDisconnectedError):
        await finhub.call("listRegions")
    assert (await finhub.call("listRegions")).status == 200


async def test_a_truncate_fault_sends_half_a_body(
    hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="listCardTypes", kind="truncate"))

    with pytest.raises(aiohttp.ClientPayloadError):
        await hypercard.call("listCardTypes")


async def test_a_non_json_fault_answers_an_html_page(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="listRegions", kind="non_json"))

    answer = await finhub.call("listRegions")

    assert answer.status == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<html>" in answer.body


@pytest.mark.parametrize(("code", "status"), [(None, 500), (-1, -1)])
async def test_an_envelope_fault_answers_http_200_with_a_finhub_failure(
    finhub: FinHub, fincard_sandbox: Sandbox, code: int | None, status: int
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(
        FaultRule(operation="submitWorkOrder", kind="envelope", code=code, msg="busy")
    )

    answer = await finhub.call("submitWorkOrder", {})

    assert answer.status == 200
    assert answer.body == {"success": False, "code": status, "msg": "busy", "data": None}


async def test_an_envelope_fault_answers_a_hypercard_code(
    hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(FaultRule(operation="applyCard", kind="envelope", code="C0000"))

    answer = await hypercard.call("applyCard", {})

    assert (answer.status, answer.body["code"]) == (200, "C0000")


async def test_an_expire_token_fault_forces_a_new_login(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="*", kind="expire_token", times=1))

    expired = await finhub.call("listRegions")
    still_expired = await finhub.call("listRegions")
    await finhub.login()

    assert (expired.status, expired.body["code"]) == (401, 401)
    assert still_expired.status == 401
    assert (await finhub.call("listRegions")).status == 200


async def test_after_lets_the_first_requests_through(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.faults.add(
        FaultRule(operation="listRegions", kind="status", status=500, after=2, times=1)
    )

    statuses = [(await finhub.call("listRegions")).status for _ in range(4)]

    assert statuses == [200, 200, 500, 200]


def test_probability_is_reproducible_with_a_seed() -> None:
    rule = FaultRule(operation="listRegions", kind="status", status=500, probability=0.5)

    def run(seed: int) -> list[bool]:
        faults = FaultSet([rule], seed=seed)
        return [bool(faults.select("listRegions")) for _ in range(40)]

    assert run(7) == run(7)
    assert 5 < sum(run(7)) < 35
    assert run(7) != run(8)


def test_delay_rules_compose_with_one_terminal_rule() -> None:
    slow = FaultRule(kind="delay", delay=0.1)
    fail = FaultRule(kind="status", status=503)
    later = FaultRule(kind="non_json")
    faults = FaultSet([slow, fail, later])

    assert faults.select("listCities") == [slow, fail]
    assert faults.fired(later) == 0


@pytest.mark.parametrize(
    "options",
    [
        {"kind": "explode"},
        {"kind": "status"},
        {"kind": "status", "status": 600},
        {"kind": "delay"},
        {"kind": "drop", "operation": "noSuchOperation"},
        {"kind": "drop", "probability": 1.5},
        {"kind": "drop", "times": 0},
    ],
)
def test_bad_rules_are_refused_at_construction(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is checked elsewhere
        FaultRule(**options)  # type: ignore[arg-type]


@pytest.mark.fincard_sandbox(faults=(FaultRule(operation="listRegions", kind="non_json"),))
async def test_faults_can_be_configured_up_front(finhub: FinHub) -> None:
    assert (await finhub.call("listRegions")).status == 502


async def test_the_admin_endpoint_manages_faults(
    finhub: FinHub, fincard_sandbox: Sandbox, session: aiohttp.ClientSession
) -> None:
    url = f"{fincard_sandbox.base_url}/_sandbox/faults"
    rule = {"operation": "listRegions", "kind": "status", "status": 502, "times": 1}

    async with session.post(url, json=rule) as answer:
        added = await answer.json()
    failed = await finhub.call("listRegions")
    async with session.post(url, json={"kind": "explode"}) as refused:
        assert refused.status == 400
    async with session.delete(url) as cleared, session.get(url) as listed:
        assert (await cleared.json(), await listed.json()) == ({"rules": []}, {"rules": []})

    assert added["rules"][0]["status"] == 502
    assert failed.status == 502


async def test_the_admin_endpoint_moves_the_clock(
    fincard_sandbox: Sandbox, session: aiohttp.ClientSession
) -> None:
    before = fincard_sandbox.clock.offset

    async with session.post(
        f"{fincard_sandbox.base_url}/_sandbox/clock", json={"advance": 90}
    ) as answer:
        assert answer.status == 200

    assert fincard_sandbox.clock.offset == before + 90


# -- faults after the write committed (issue 10) -------------------------------------------
SUBMIT_BODY = {
    "merchantOrderNo": "LOST" + "0" * 20,
    "title": "Activate",
    "target": "4111111111111111",
    "tradeType": "CARD_ACTIVE",
}


def _orders(sandbox: Sandbox) -> int:
    return len(sandbox.state.tenant_work_orders(sandbox.credentials.tenant_id))


async def test_a_lose_answer_fault_commits_then_resets(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="lose_answer", times=1))

    with pytest.raises(aiohttp.ServerDisconnectedError):
        await finhub.call("submitWorkOrder", SUBMIT_BODY)
    assert _orders(fincard_sandbox) == 1  # the write landed although its answer was lost
    replay = await finhub.call("submitWorkOrder", SUBMIT_BODY)
    assert replay.body["data"]["merchantOrderNo"] == SUBMIT_BODY["merchantOrderNo"]
    assert _orders(fincard_sandbox) == 1


async def test_a_late_answer_fault_commits_and_records_no_violation(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(
        FaultRule(operation="submitWorkOrder", kind="late_answer", delay=0.5, times=1)
    )
    url = fincard_sandbox.base_url + "/api/v2.1/fincard/virtual/work/submit"
    with pytest.raises(asyncio.TimeoutError):
        await finhub.session.post(
            url,
            json=SUBMIT_BODY,
            headers=finhub.headers(),
            timeout=aiohttp.ClientTimeout(total=0.1),
        )
    await asyncio.sleep(0.6)  # the sandbox writes its late answer to a closed connection
    assert _orders(fincard_sandbox) == 1
    assert fincard_sandbox.contract_violations == []


async def test_a_delay_past_the_client_timeout_records_no_violation(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="delay", delay=0.4))
    url = fincard_sandbox.base_url + "/api/v2.1/fincard/virtual/work/submit"
    with pytest.raises(asyncio.TimeoutError):
        await finhub.session.post(
            url,
            json=SUBMIT_BODY,
            headers=finhub.headers(),
            timeout=aiohttp.ClientTimeout(total=0.1),
        )
    await asyncio.sleep(0.5)
    assert fincard_sandbox.contract_violations == []


async def test_a_duplicate_fault_answers_minus_one_for_a_repeated_key(
    finhub: FinHub, hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    await finhub.login()
    fincard_sandbox.faults.add(FaultRule(operation="submitWorkOrder", kind="duplicate"))

    first = await finhub.call("submitWorkOrder", SUBMIT_BODY)
    again = await finhub.call("submitWorkOrder", SUBMIT_BODY)

    assert first.body["code"] == 200  # a new key is stored as usual
    assert (again.status, again.body["code"]) == (200, -1)
    assert "duplicate" in again.body["msg"]
    assert _orders(fincard_sandbox) == 1


def test_after_commit_faults_are_validated() -> None:
    with pytest.raises(ValueError, match="delay"):
        FaultRule(operation="submitWorkOrder", kind="late_answer")


async def test_the_admin_endpoints_show_stored_writes_and_expire_tokens(
    finhub: FinHub, fincard_sandbox: Sandbox, session: aiohttp.ClientSession
) -> None:
    await finhub.call("submitWorkOrder", SUBMIT_BODY)
    base = f"{fincard_sandbox.base_url}/_sandbox"

    async with session.get(f"{base}/state") as answer:
        state = await answer.json()
    async with session.delete(f"{base}/tokens") as expired:
        assert expired.status == 200
    refused = await finhub.call("listRegions")

    assert [o["merchantOrderNo"] for o in state["workOrders"]] == [SUBMIT_BODY["merchantOrderNo"]]
    assert state["applications"] == []
    assert len(state["tokens"]) == 1
    assert finhub.token is not None
    assert finhub.token not in str(state)  # digests only, never a usable token
    assert state["violations"] == 0
    assert refused.status == 401
