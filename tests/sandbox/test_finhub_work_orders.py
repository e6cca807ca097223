"""FinHub work orders: validation, idempotent replay, timed status, pages, filters."""

from __future__ import annotations

from typing import Any

import pytest

from fincard_async.sandbox import Sandbox

from .helpers import PNG, FinHub


def order(number: str = "MO2024061012000000001", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchantOrderNo": number,
        "title": "Activate card",
        "target": "5398123412341234",
        "content": "Please activate the card.",
        "tradeType": "CARD_ACTIVE",
    }
    body.update(overrides)
    return body


async def test_a_submitted_order_is_answered_in_full(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    file_id = (await finhub.upload(PNG)).body["data"]["fileId"]
    before_ms = int(fincard_sandbox.clock.now() * 1000)

    answer = await finhub.call("submitWorkOrder", order(files=[file_id]))

    assert answer.status == 200
    data = answer.body["data"]
    assert data["merchantOrderNo"] == "MO2024061012000000001"
    assert data["orderNo"].isdigit()
    assert len(data["orderNo"]) == 19
    assert data["tradeStatus"] == "wait_process"
    assert data["remark"] is None
    assert data["createTime"] == data["updateTime"] >= before_ms - 1
    assert fincard_sandbox.state.work_orders[data["orderNo"]].files == (file_id,)


async def test_the_same_order_again_answers_the_same_order(finhub: FinHub) -> None:
    first = await finhub.call("submitWorkOrder", order())
    second = await finhub.call("submitWorkOrder", order())

    assert second.body["success"] is True
    assert second.body["data"] == first.body["data"]


async def test_the_same_number_with_other_content_is_refused(finhub: FinHub) -> None:
    await finhub.call("submitWorkOrder", order())

    answer = await finhub.call("submitWorkOrder", order(title="Something else"))

    assert (answer.status, answer.body["success"], answer.body["code"]) == (200, False, -1)
    assert answer.body["msg"] == "merchantOrderNo already used with different content"


async def test_unknown_files_are_refused(finhub: FinHub) -> None:
    answer = await finhub.call("submitWorkOrder", order(files=["no-such-file"]))

    assert (answer.status, answer.body["code"]) == (200, -1)
    assert "no-such-file" in answer.body["msg"]


async def test_files_of_another_tenant_are_refused(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    file_id = (await finhub.upload(PNG)).body["data"]["fileId"]
    fincard_sandbox.state.files[file_id].tenant_id = "someone-else"

    answer = await finhub.call("submitWorkOrder", order(files=[file_id]))

    assert answer.body["code"] == -1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("merchantOrderNo", "TOO-SHORT"),
        ("merchantOrderNo", "X" * 41),
        ("title", ""),
        ("target", "9" * 256),
        ("content", "c" * 1001),
        ("tradeType", "CARD_FREEZE"),
    ],
)
async def test_invalid_fields_answer_400(finhub: FinHub, field: str, value: str) -> None:
    answer = await finhub.call("submitWorkOrder", order(**{field: value}))

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert field in answer.body["msg"]


async def test_boundary_lengths_are_accepted(finhub: FinHub) -> None:
    twenty = await finhub.call("submitWorkOrder", order("A" * 20, content="c" * 1000))
    forty = await finhub.call("submitWorkOrder", order("B" * 40, title="t" * 255))

    assert twenty.body["success"] is True
    assert forty.body["success"] is True


async def test_status_moves_with_the_clock(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    created = (await finhub.call("submitWorkOrder", order())).body["data"]

    async def status() -> dict[str, Any]:
        page = await finhub.call("listWorkOrders", {"orderNo": created["orderNo"]})
        record: dict[str, Any] = page.body["data"]["records"][0]
        return record

    assert (await status())["tradeStatus"] == "wait_process"
    fincard_sandbox.advance(60)
    processing = await status()
    fincard_sandbox.advance(60)
    done = await status()
    fincard_sandbox.advance(600)

    assert processing["tradeStatus"] == "processing"
    assert processing["updateTime"] == created["createTime"] + 60_000
    assert done["tradeStatus"] == "success"
    assert (await status())["updateTime"] == created["createTime"] + 120_000
    assert done["description"] == "Card activation: completed"


async def test_a_status_can_be_pinned_to_fail(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    created = (await finhub.call("submitWorkOrder", order())).body["data"]
    fincard_sandbox.state.pin_work_order_status(created["orderNo"], "fail", remark="card lost")

    page = await finhub.call("listWorkOrders", {"tradeStatus": "fail"})

    record = page.body["data"]["records"][0]
    assert (record["tradeStatus"], record["remark"]) == ("fail", "card lost")


async def test_pages_default_to_ten_in_creation_order(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    numbers = fincard_sandbox.seed_work_orders(25)

    first = (await finhub.call("listWorkOrders", {})).body["data"]
    third = (await finhub.call("listWorkOrders", {"pageNum": 3})).body["data"]
    beyond = (await finhub.call("listWorkOrders", {"pageNum": 4})).body["data"]

    assert first["total"] == 25
    assert [record["orderNo"] for record in first["records"]] == numbers[:10]
    assert [record["orderNo"] for record in third["records"]] == numbers[20:]
    assert beyond == {"total": 25, "records": []}


@pytest.mark.fincard_sandbox(page_size_cap=7)
async def test_a_page_larger_than_the_cap_is_silently_capped(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.seed_work_orders(30)

    page = (await finhub.call("listWorkOrders", {"pageSize": 50})).body["data"]

    assert page["total"] == 30
    assert len(page["records"]) == 7


async def test_filters_combine(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    fincard_sandbox.seed_work_orders(3, trade_type="OTHER")
    await finhub.call("submitWorkOrder", order("MO-FILTER-0000000000001", target="1111"))
    await finhub.call("submitWorkOrder", order("MO-FILTER-0000000000002", target="2222"))

    by_target = (await finhub.call("listWorkOrders", {"target": "2222"})).body["data"]
    by_type = await finhub.call("listWorkOrders", {"tradeType": "OTHER", "pageSize": 100})
    by_number = await finhub.call(
        "listWorkOrders", {"merchantOrderNo": "MO-FILTER-0000000000001", "tradeType": "OTHER"}
    )

    assert [r["merchantOrderNo"] for r in by_target["records"]] == ["MO-FILTER-0000000000002"]
    assert by_type.body["data"]["total"] == 3
    assert by_number.body["data"] == {"total": 0, "records": []}


async def test_orders_of_other_tenants_stay_invisible(
    finhub: FinHub, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.seed_work_orders(5, tenant="another-tenant")

    page = (await finhub.call("listWorkOrders", {})).body["data"]

    assert page["total"] == 0


@pytest.mark.parametrize("field", ["pageNum", "pageSize"])
async def test_page_numbers_start_at_one(finhub: FinHub, field: str) -> None:
    answer = await finhub.call("listWorkOrders", {field: 0})

    assert (answer.status, answer.body["code"]) == (400, 500)
    assert field in answer.body["msg"]


async def test_seeding_many_orders_is_quick(finhub: FinHub, fincard_sandbox: Sandbox) -> None:
    numbers = fincard_sandbox.seed_work_orders(20_000)

    last = (await finhub.call("listWorkOrders", {"pageNum": 200, "pageSize": 100})).body["data"]

    assert len(set(numbers)) == 20_000
    assert [record["orderNo"] for record in last["records"]] == numbers[-100:]
