"""Work orders (FinHub): submit with an idempotent merchantOrderNo, list page by page."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
from fincard_api.api.work_orders import list_work_orders, submit_work_order
from fincard_api.models import (
    ListWorkOrdersRequest,
    SubmitWorkOrderRequest,
    TradeStatus,
    TradeType,
    WorkOrder,
    WorkOrderRecord,
)

from ._config import RequestOptions
from ._pagination import AsyncPaginator
from ._resources import Resource
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
        unchanged on every retry, so a retried submit never opens a second order.

        Raises:
            ValidationError: fields break the spec's rules; every broken rule is listed, and
                nothing is sent.
            OutcomeUnknownError: the last attempt may have reached the server; query by
                ``error.idempotency_key``.

        Example::

            order = await client.work_orders.submit(
                title="Activate card", target="4111111111111111", trade_type="CARD_ACTIVE"
            )
        """
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
        answer = await submit_work_order.asyncio(
            transport=self._transport(options, idempotency_key=merchant_order_no),
            body=body,
            **await self._checked_finhub_headers("submitWorkOrder", options),
        )
        return answer.data

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


def _order_key(record: WorkOrderRecord) -> str:
    return record.order_no
