"""FinHub work orders: submit (idempotent on ``merchantOrderNo``), list, timed status walk."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from aiohttp import web

from ._finhub import FinHubCall, finhub_operation
from ._responses import FinHubFailure, finhub_ok
from ._runtime import Runtime
from ._state import WorkOrder

__all__ = ["create_work_order", "progress", "seed_work_orders", "work_order_view"]

TRADE_TYPES: Final = frozenset({"CARD_ACTIVE", "OTHER"})
STATUSES: Final = frozenset({"wait_process", "processing", "success", "fail"})
_MERCHANT_ORDER_NO: Final = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
_TEXT_LIMITS: Final = {"title": (1, 255), "target": (1, 255), "content": (0, 1000)}
_FILTERS: Final = ("merchantOrderNo", "orderNo", "target", "tradeType", "tradeStatus")
_FIELD_OF: Final = {
    "merchantOrderNo": "merchant_order_no",
    "orderNo": "order_no",
    "target": "target",
    "tradeType": "trade_type",
}
_TYPE_TEXT: Final = {"CARD_ACTIVE": "Card activation", "OTHER": "Other request"}
_STATUS_TEXT: Final = {
    "wait_process": "waiting to be processed",
    "processing": "being processed",
    "success": "completed",
    "fail": "failed",
}


def progress(order: WorkOrder, runtime: Runtime) -> tuple[str, float, str | None]:
    """``(status, updated_at, remark)`` of a work order at the sandbox's current time."""
    if order.pinned_status is not None:
        updated = order.pinned_at if order.pinned_at is not None else order.created_at
        return order.pinned_status, updated, order.pinned_remark
    flow = runtime.config.status_flow
    step = runtime.config.status_step_seconds
    elapsed = max(0.0, runtime.clock.now() - order.created_at)
    steps = min(len(flow) - 1, int(elapsed // step))
    return flow[steps], order.created_at + steps * step, None


def work_order_view(
    order: WorkOrder, runtime: Runtime, *, described: bool = False
) -> dict[str, Any]:
    """The wire shape of a work order (plus ``description`` in list records)."""
    status, updated_at, remark = progress(order, runtime)
    view: dict[str, Any] = {
        "merchantOrderNo": order.merchant_order_no,
        "orderNo": order.order_no,
        "title": order.title,
        "target": order.target,
        "content": order.content,
        "tradeType": order.trade_type,
        "tradeStatus": status,
        "remark": remark,
        "createTime": int(order.created_at * 1000),
        "updateTime": int(updated_at * 1000),
    }
    if described:
        view["description"] = f"{_TYPE_TEXT[order.trade_type]}: {_STATUS_TEXT[status]}"
    return view


def _new_order_no(runtime: Runtime) -> str:
    while True:
        candidate = str(runtime.rng.randrange(10**18, 10**19))
        if candidate not in runtime.state.work_orders:
            return candidate


def create_work_order(
    runtime: Runtime, *, tenant_id: str, fields: Mapping[str, Any], created_at: float
) -> WorkOrder:
    """Store a new work order built from already-validated request fields."""
    order = WorkOrder(
        order_no=_new_order_no(runtime),
        tenant_id=tenant_id,
        merchant_order_no=fields["merchantOrderNo"],
        title=fields["title"],
        target=fields["target"],
        content=fields.get("content"),
        trade_type=fields["tradeType"],
        files=tuple(fields.get("files") or ()),
        created_at=created_at,
        sequence=runtime.state.next_sequence(),
    )
    runtime.state.add_work_order(order)
    return order


def seed_work_orders(
    runtime: Runtime, count: int, *, tenant_id: str, trade_type: str = "CARD_ACTIVE"
) -> list[str]:
    """Create ``count`` work orders at once, 1 ms apart, ending now; return their orderNos."""
    if trade_type not in TRADE_TYPES:
        raise ValueError(f"trade_type must be one of {sorted(TRADE_TYPES)}")
    now = runtime.clock.now()
    created: list[str] = []
    for index in range(count):
        sequence = runtime.state.next_sequence()
        fields = {
            "merchantOrderNo": f"SEED{sequence:012d}{runtime.rng.getrandbits(32):08x}",
            "title": f"Seeded work order {sequence}",
            "target": f"4000{sequence:012d}",
            "content": None,
            "tradeType": trade_type,
        }
        at = now - (count - index) / 1000
        created.append(
            create_work_order(runtime, tenant_id=tenant_id, fields=fields, created_at=at).order_no
        )
    return created


# -- validation (the spec checks these too; kept here so that the rules hold without it) ------
def _submit_errors(body: Mapping[str, Any]) -> list[str]:
    errors = []
    number = body.get("merchantOrderNo")
    if not isinstance(number, str) or not _MERCHANT_ORDER_NO.fullmatch(number):
        errors.append("merchantOrderNo: 20..40 characters of [A-Za-z0-9_-] required")
    for name, (low, high) in _TEXT_LIMITS.items():
        value = body.get(name)
        if value is None and name == "content":
            continue
        if not isinstance(value, str) or not low <= len(value) <= high:
            errors.append(f"{name}: a string of {low}..{high} characters required")
    if body.get("tradeType") not in TRADE_TYPES:
        errors.append("tradeType: must be one of ['CARD_ACTIVE', 'OTHER']")
    files = body.get("files", [])
    if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
        errors.append("files: a list of file ids required")
    return errors


def _check_files(runtime: Runtime, tenant_id: str, files: Sequence[str]) -> None:
    for file_id in files:
        stored = runtime.state.files.get(file_id)
        if stored is None or stored.tenant_id != tenant_id:
            raise FinHubFailure(200, -1, f"unknown fileId: {file_id}")


@finhub_operation("submitWorkOrder")
async def _submit(runtime: Runtime, call: FinHubCall) -> web.Response:
    body = call.body
    errors = _submit_errors(body)
    if errors:
        raise FinHubFailure(400, 500, "; ".join(errors))
    existing = runtime.state.work_order_by_merchant_no(call.tenant_id, body["merchantOrderNo"])
    if existing is not None:
        if call.duplicate_answer:
            raise FinHubFailure(200, -1, "duplicate merchantOrderNo: the order exists already")
        return _replay(runtime, existing, body)
    _check_files(runtime, call.tenant_id, body.get("files") or [])
    order = create_work_order(
        runtime, tenant_id=call.tenant_id, fields=body, created_at=runtime.clock.now()
    )
    return finhub_ok(work_order_view(order, runtime))


def _replay(runtime: Runtime, existing: WorkOrder, body: Mapping[str, Any]) -> web.Response:
    sent = {
        "title": body["title"],
        "target": body["target"],
        "content": body.get("content"),
        "tradeType": body["tradeType"],
        "files": list(body.get("files") or []),
    }
    if sent != existing.request_fields():
        raise FinHubFailure(200, -1, "merchantOrderNo already used with different content")
    return finhub_ok(work_order_view(existing, runtime))


# -- list ---------------------------------------------------------------------------------------
def _page(body: Mapping[str, Any], cap: int) -> tuple[int, int]:
    number, size = body.get("pageNum", 1), body.get("pageSize", 10)
    checked = []
    for name, value in (("pageNum", number), ("pageSize", size)):
        # JSON Schema's integer includes 2.0 (found by schemathesis): the contract decides
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FinHubFailure(400, 500, f"{name}: an integer >= 1 required")
        checked.append(value)
    return checked[0], min(checked[1], cap)


def _select(
    orders: Sequence[WorkOrder], filters: Mapping[str, Any], runtime: Runtime
) -> Sequence[WorkOrder]:
    fixed = [(attr, filters[name]) for name, attr in _FIELD_OF.items() if name in filters]
    if fixed:
        orders = [o for o in orders if all(getattr(o, attr) == want for attr, want in fixed)]
    status = filters.get("tradeStatus")
    if status is not None:
        orders = [order for order in orders if progress(order, runtime)[0] == status]
    return orders


@finhub_operation("listWorkOrders")
async def _list(runtime: Runtime, call: FinHubCall) -> web.Response:
    number, size = _page(call.body, runtime.config.page_size_cap)
    filters = {name: call.body[name] for name in _FILTERS if call.body.get(name) is not None}
    orders = _select(runtime.state.tenant_work_orders(call.tenant_id), filters, runtime)
    window = orders[(number - 1) * size : number * size]
    records = [work_order_view(order, runtime, described=True) for order in window]
    return finhub_ok({"total": len(orders), "records": records})
