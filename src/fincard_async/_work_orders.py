"""Work orders (FinHub): submit with an idempotent merchantOrderNo, list page by page."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from fincard_async._generated.api.work_orders import list_work_orders, submit_work_order
from fincard_async._generated.models import (
    ListWorkOrdersRequest,
    SubmitWorkOrderRequest,
    TradeStatus,
    TradeType,
    WorkOrder,
    WorkOrderRecord,
)

from . import _telemetry
from ._config import NOT_GIVEN, RequestOptions
from ._exceptions import APIError, OutcomeUnknownError
from ._inputs import check_arguments
from ._logs import log_reconciled
from ._pagination import AsyncPaginator
from ._resources import Resource
from ._transport import CallOptions, ResponseInfo, Transport, capture
from ._validation import SpecValidator, raise_if_any

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["WorkOrders", "enum_or_raw"]

E = TypeVar("E", bound=enum.Enum)


def enum_or_raw(kind: type[E], value: E | str | int | None) -> E | None:
    """``value`` as a member of ``kind``; an unknown value is kept as given.

    The spec check then reports it (rule ``enum``) together with every other broken rule, so
    it never reaches the wire.
    """
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        return cast(E, value)


class WorkOrders(Resource):
    """Submit and list work orders.

    Request bodies are checked against the spec before any network call, with the client's
    one compiled copy of the spec.
    """

    def __init__(self, client: FincardClient, *, validator: SpecValidator) -> None:
        super().__init__(client, validator=validator)

    async def _check(self, operation: str, body: Any) -> None:
        wire = self._client._core.converter.unstructure(body)
        raise_if_any(await self._validator.violations(operation, wire), operation=operation)

    async def submit(
        self,
        *,
        title: str,
        target: str,
        trade_type: TradeType | str,
        content: str | None = None,
        files: Sequence[str] | None = None,
        merchant_order_no: str | None = None,
        options: RequestOptions | None = None,
    ) -> WorkOrder:
        """Open a work order (e.g. ``CARD_ACTIVE`` with the card number as ``target``).

        ``merchant_order_no`` is the idempotency key: generated once when not given, and sent
        unchanged on every retry, so a retried submit never opens a second order. When an
        attempt may have landed (its answer lost), the order is looked up by this key before
        anything is reported: found, it is returned (``ResponseInfo.reconciled`` is True).

        Raises:
            ValidationError: fields break the spec's rules; every broken rule is listed, and
                nothing is sent.
            OutcomeUnknownError: an attempt may have reached the server and the lookup by
                ``merchantOrderNo`` (on by default, see ``FincardClient(reconcile=)``) did not
                find the order or could not run; ``error.lookup_ran`` and
                ``error.lookup_result`` say which. Resubmit with ``error.idempotency_key``.

        Example::

            order = await client.work_orders.submit(
                title="Activate card", target="4111111111111111", trade_type="CARD_ACTIVE"
            )
        """
        check_arguments(self.submit, locals())
        if merchant_order_no is None:
            merchant_order_no = self._client.order_numbers.new()
        body = SubmitWorkOrderRequest(
            merchant_order_no=merchant_order_no,
            title=title,
            target=target,
            trade_type=cast(TradeType, enum_or_raw(TradeType, trade_type)),
            content=content,
            files=[*files] if files is not None else None,
        )
        await self._check("submitWorkOrder", body)
        transport = self._transport(options, idempotency_key=merchant_order_no)
        clock = self._client._core.clock
        started = clock.monotonic()
        # one span for the logical write, its attempts and its reconciliation (the lookup is
        # a child span)
        with _telemetry.call("submitWorkOrder", "finhub", merchant_order_no) as call:
            try:
                answer = await submit_work_order.asyncio(
                    transport=transport,
                    body=body,
                    **await self._checked_finhub_headers("submitWorkOrder", options),
                )
            except OutcomeUnknownError as error:
                if not self._client.reconcile:
                    raise
                left = transport.options.timeout.deadline - (clock.monotonic() - started)
                order = await self._reconcile(error, body, transport, left, options)
                call.reconciled()
                return order
            return answer.data

    async def _reconcile(
        self,
        error: OutcomeUnknownError,
        body: SubmitWorkOrderRequest,
        transport: Transport,
        seconds_left: float,
        options: RequestOptions | None,
    ) -> WorkOrder:
        """Look an uncertain submit up by its ``merchantOrderNo`` within the call's deadline.

        Found: the write landed, and its order is returned (``ResponseInfo.reconciled``, an
        INFO line). Not found, or the lookup failing: ``error``, saying what the lookup saw.
        """
        key = body.merchant_order_no
        if seconds_left <= 0:
            error.lookup_result = "not run: the call's deadline was reached"
            raise error
        error.lookup_ran = True
        seen: list[ResponseInfo] = []
        outer = capture.set(seen)
        try:
            page = await self.list(
                merchant_order_no=key,
                prefetch=False,
                options=_lookup_options(transport.options, seconds_left, options),
            )
        except APIError as failure:
            error.lookup_result = f"lookup failed: {type(failure).__name__}: {failure.message}"
            raise error from error.__cause__  # the lookup failure stays __context__
        finally:
            capture.reset(outer)
        lookup_id = seen[-1].request_id if seen else None
        order = _ours(page.records, body)
        log_reconciled("submitWorkOrder", key, order is not None, lookup_id)
        if order is None:
            error.lookup_result = _not_found(page.records)
            raise error
        _record_reconciled(transport, seen, lookup_id)
        return order

    # kept last: a method named ``list`` would shadow the builtin in later annotations
    def list(
        self,
        *,
        merchant_order_no: str | None = None,
        order_no: str | None = None,
        target: str | None = None,
        trade_type: TradeType | str | None = None,
        trade_status: TradeStatus | str | None = None,
        page_size: int = 10,
        prefetch: bool = True,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[WorkOrderRecord]:
        """Work orders matching the filters, page by page (a plain ``def``: nothing is sent yet).

        ``async for`` over the result yields every record; ``await`` it for the first page;
        ``.iter_pages()`` yields pages. The next page is fetched while you work through the
        current one, and one more while you wait for it (``prefetch=False`` turns that off).
        The walk ends at the ``total`` of the first page or at an empty page; a server that
        caps ``page_size`` is followed at its own size; a repeated page raises instead of
        looping (see :class:`AsyncPaginator`).

        Args:
            merchant_order_no, order_no, target, trade_type, trade_status: optional filters.
            page_size: records per request (``pageSize``), at least 1.
            prefetch: fetch ahead in the background (at most two requests in flight).
            options: per-call options for every page request.

        Raises (while iterating):
            ValidationError: a filter breaks the spec (before the first request).
            APIResponseValidationError: the server repeats a page or never reaches its total.

        Example::

            async with client.work_orders.list(trade_status="wait_process") as orders:
                async for order in orders:
                    print(order.order_no, order.title)
        """
        check_arguments(self.list, locals())
        filters = ListWorkOrdersRequest(
            merchant_order_no=merchant_order_no,
            order_no=order_no,
            target=target,
            trade_type=enum_or_raw(TradeType, trade_type),
            trade_status=enum_or_raw(TradeStatus, trade_status),
            page_size=page_size,
        )

        checked = False

        async def fetch(page_num: int, size: int) -> tuple[Sequence[WorkOrderRecord], int]:
            nonlocal checked
            body = attrs.evolve(filters, page_num=page_num, page_size=size)
            if not checked:
                # only pageNum/pageSize change between pages, and both stay >= 1: the filters
                # need checking once per paginator, not on every page (12% of a long walk)
                await self._check("listWorkOrders", body)
                checked = True
            answer = await list_work_orders.asyncio(
                transport=self._transport(options),
                body=body,
                **await self._checked_finhub_headers("listWorkOrders", options),
            )
            return answer.data.records, answer.data.total

        return AsyncPaginator(
            fetch,
            page_size=page_size,
            key=_order_key,
            operation="listWorkOrders",
            prefetch=prefetch,
        )


# the repeat guard keys every record of every page: attrgetter does it without a Python call
# per record (100 records: 8 -> 2 us a page)
_order_key: Callable[[WorkOrderRecord], str] = operator.attrgetter("order_no")


def _lookup_options(
    call: CallOptions, seconds_left: float, given: RequestOptions | None
) -> RequestOptions:
    # the lookup is part of the submit: it gets what is left of the submit's deadline
    timeout = attrs.evolve(
        call.timeout, deadline=seconds_left, total=min(call.timeout.total, seconds_left)
    )
    end_user = given.end_user if given is not None else NOT_GIVEN
    return RequestOptions(timeout=timeout, retry=call.retry, end_user=end_user)


def _ours(records: Sequence[WorkOrderRecord], body: SubmitWorkOrderRequest) -> WorkOrder | None:
    for record in records:
        if record.merchant_order_no != body.merchant_order_no:
            continue  # a server that ignores the filter must not hand us another order
        if (record.title, record.target, record.trade_type) != (
            body.title,
            body.target,
            body.trade_type,
        ):
            return None  # the key holds another request's order: not ours to return
        return WorkOrder(
            merchant_order_no=record.merchant_order_no,
            order_no=record.order_no,
            trade_type=record.trade_type,
            trade_status=record.trade_status,
            create_time=record.create_time,
            title=record.title,
            target=record.target,
            content=record.content,
            remark=record.remark,
            update_time=record.update_time,
        )
    return None


def _not_found(records: Sequence[WorkOrderRecord]) -> str:
    if records:
        return "found an order with this merchantOrderNo but other content"
    return "not found: no work order with this merchantOrderNo"


def _record_reconciled(
    transport: Transport, seen: Sequence[ResponseInfo], lookup_id: str | None
) -> None:
    outcome = transport.outcome
    if outcome is not None:
        outcome = attrs.evolve(outcome, outcome="reconciled", reconciled=True, request_id=lookup_id)
        transport.outcome = outcome
    captured = capture.get()
    if captured is None:
        return
    captured.extend(seen)
    lookup = seen[-1] if seen else None
    captured.append(
        ResponseInfo(
            operation="submitWorkOrder",
            status_code=lookup.status_code if lookup else 200,
            headers=lookup.headers if lookup else {},
            request_id=lookup_id,
            attempts=outcome.attempts if outcome else 0,
            elapsed=lookup.elapsed if lookup else 0.0,
            outcome=outcome,
            reconciled=True,
            body=lookup.body if lookup else b"",
        )
    )
