"""Async pagination over ``pageNum``/``pageSize`` lists that answer ``{total, records}``.

A :class:`AsyncPaginator` is returned by a plain ``def`` (``client.work_orders.list()``) and
does nothing until used: ``await`` it for the first page, ``async for`` over it for every
record, or ``async for`` over :meth:`AsyncPaginator.iter_pages` for pages.

How a walk behaves, and why:

* **Prefetch, one page ahead of the caller.** While the caller works through page N, page
  N+1 is fetched in a background task. When the caller asks for N+1 and it has not arrived
  yet, N+2 is asked for at once (if the first page's ``total`` says it exists), so the server
  prepares it while this client reads and parses N+1: at most two requests are in flight,
  and only while the caller waits. A page asked for ahead that turns out not needed (an
  empty or repeated page ended the walk first) is cancelled and never yielded. At most
  three pages of records are held (memory is O(page size)). Leaving early, ``aclose()`` or
  ``async with`` cancel the prefetch; so does dropping the iterator.
* **End.** No page is asked for once the records seen reach the ``total`` of the *first*
  page, or after a page came back empty (the last page is yielded whole, even if the list
  grew meanwhile). The total is a snapshot on purpose: offset paging gives no
  consistent view of a list that changes anyway (a record created while we walk shifts the
  offsets of every later page when the server sorts newest first, so it is never "seen at
  the end"), and a fixed bound guarantees termination and a known number of requests even
  when records are created as fast as we read them. Records created or deleted during a
  walk may therefore be missed, or one may be yielded twice; re-list (or filter) for an
  exact view.
* **A server that caps the page size** (or ignores it) is detected on the first page: fewer
  (or more) records than asked while ``total`` says there are more. Every later page is then
  asked for with the size the server actually used. Why: a server capped at 50 that is asked
  for ``pageNum=2, pageSize=100`` may compute the offset from the size it was asked (records
  101..150: 51..100 are skipped) or from its cap (51..100); asking ``pageSize=50`` is right
  with either. Progress is counted from the records actually seen, never from
  ``pageNum * pageSize``.
* **Guards.** A page whose records are exactly those of the previous page (a server ignoring
  ``pageNum``, or repeating its last page) raises :class:`APIResponseValidationError` rather
  than looping; so does a walk that needs more than ``ceil(total / page size)`` pages plus a
  little slack.
"""

from __future__ import annotations

import asyncio
import math
import types
import weakref
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Hashable,
    Iterator,
    Sequence,
)
from typing import Any, Generic, NoReturn, Self, TypeVar

import attrs

from ._exceptions import APIResponseValidationError

__all__ = ["AsyncPaginator", "Page"]

T = TypeVar("T")

FetchPage = Callable[[int, int], Awaitable[tuple[Sequence[T], int]]]
"""``fetch(page_num, page_size)`` returns ``(records, total)`` of one page."""


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a paged list.

    Attributes:
        records: the page's records (empty past the end).
        total: the number of records the server reported for the whole list.
        page_num: the 1-based page number that was asked for.
        page_size: the page size that was asked for (the server's own size once a cap was
            detected).
    """

    records: Sequence[T]
    total: int
    page_num: int
    page_size: int


def _page_limit(total: int, page_size: int) -> int:
    pages = math.ceil(total / max(1, page_size))
    return pages + max(2, pages // 10)  # slack for short pages in the middle


@attrs.define
class _WalkState(Generic[T]):
    """Progress of one walk: the pure bookkeeping, kept apart from the tasks."""

    operation: str
    key: Callable[[T], Hashable]
    page_size: int
    next_num: int = 1
    seen: int = 0
    total: int | None = None
    limit: int | None = None
    previous: tuple[Hashable, ...] = ()
    done: bool = False

    def expects(self, num: int) -> bool:
        """Whether page ``num`` holds records by the first page's total (False before it)."""
        return self.total is not None and (num - 1) * self.page_size < self.total

    def accept(self, records: Sequence[T], total: int) -> Page[T]:
        """Check one page, advance, and decide whether the walk is over."""
        num = self.next_num
        if total < 0:
            self._fail(f"page {num} reports a negative total")
        keys = tuple(map(self.key, records))
        if keys and keys == self.previous:
            self._fail(f"page {num} repeats page {num - 1} (going on would loop forever)")
        page = Page(records=records, total=total, page_num=num, page_size=self.page_size)
        if self.total is None:
            self._first_page(len(records), total)
        self.previous = keys
        self.seen += len(records)
        self.next_num += 1
        self.done = not records or self.seen >= (self.total or 0)
        if not self.done and self.limit is not None and num >= self.limit:
            self._fail(f"{num} pages read, only {self.seen} of {self.total} records seen")
        return page

    def _first_page(self, count: int, total: int) -> None:
        self.total = total
        if count and count != self.page_size and total > count:
            self.page_size = count  # the server pages by its own size: follow it
        self.limit = _page_limit(total, self.page_size)

    def _fail(self, what: str) -> NoReturn:
        self.done = True
        raise APIResponseValidationError(f"pagination stopped: {what}", operation=self.operation)


def _retrieve(task: asyncio.Task[Any]) -> None:
    # an abandoned prefetch that failed must not be logged as "exception never retrieved"
    if not task.cancelled():
        task.exception()


class _PageWalk(Generic[T]):
    """An async iterator of pages, fetched ahead of the caller (see the module notes)."""

    def __init__(self, fetch: FetchPage[T], state: _WalkState[T], prefetch: bool) -> None:
        self._fetch = fetch
        self._state = state
        self._prefetch = prefetch
        self._pending: asyncio.Task[tuple[Sequence[T], int]] | None = None

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Page[T]:
        state = self._state
        if state.done:
            raise StopAsyncIteration
        task = self._pending or self._start(state.next_num)
        self._pending = None
        if self._prefetch and not task.done() and state.expects(state.next_num + 1):
            # the server prepares the next page while this one is read and parsed
            self._pending = self._start(state.next_num + 1)
        try:
            records, total = await task
            page = state.accept(records, total)
        except BaseException:  # a failed page, or a page that breaks the walk's guards
            state.done = True
            self._cancel_pending()
            raise
        if state.done:
            self._cancel_pending()  # the list shrank: the page asked for ahead is not needed
        elif self._prefetch and self._pending is None:
            self._pending = self._start(state.next_num)
        return page

    def _start(self, num: int) -> asyncio.Task[tuple[Sequence[T], int]]:
        # the task must not refer to self, so that dropping the walk can cancel it
        coro = _call(self._fetch, num, self._state.page_size)
        name = f"fincard-prefetch:{self._state.operation}:page={num}"
        task = asyncio.get_running_loop().create_task(coro, name=name)
        task.add_done_callback(_retrieve)
        return task

    def _cancel_pending(self) -> asyncio.Task[tuple[Sequence[T], int]] | None:
        task, self._pending = self._pending, None
        if task is not None and not task.done():
            task.cancel()
            return task
        return None

    async def aclose(self) -> None:
        """Stop: cancel the prefetch, if any, and wait until it has ended."""
        self._state.done = True
        task = self._cancel_pending()
        if task is not None:
            await asyncio.wait([task])

    def __del__(self) -> None:
        # an `async for` left with `break` drops the walk without aclose(): cancel here
        task = self._pending
        if task is not None and not task.done() and not task.get_loop().is_closed():
            task.cancel()


async def _call(fetch: FetchPage[T], num: int, size: int) -> tuple[Sequence[T], int]:
    return await fetch(num, size)


class _ItemWalk(Generic[T]):
    """An async iterator of the records of every page."""

    def __init__(self, pages: _PageWalk[T]) -> None:
        self._pages = pages
        self._records: Iterator[T] = iter(())

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        # one call per record: an iterator over the page, not an index and a length
        for record in self._records:
            return record
        while True:
            self._records = iter(())  # let the finished page go before the next one arrives
            self._records = iter((await self._pages.__anext__()).records)
            for record in self._records:
                return record


class AsyncPaginator(Generic[T]):
    """A paged list: ``await`` it for the first page, ``async for`` for every record.

    Each ``async for`` (or :meth:`iter_pages` call) walks the list anew from page 1. See the
    module documentation for prefetch, end, page-size caps and loop guards.

    Raises (while iterating):
        ValidationError: the filters break the spec (before any request).
        APIResponseValidationError: the server repeats a page or never reaches its total.
        APIError: any failure of a page request (after the transport's retries).

    Example::

        async with client.work_orders.list(trade_status="wait_process") as orders:
            async for order in orders:
                print(order.order_no)

        first = await client.work_orders.list(page_size=50)
        print(first.total, len(first.records))
    """

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        page_size: int,
        key: Callable[[T], Hashable],
        operation: str,
        prefetch: bool = True,
    ) -> None:
        self._fetch = fetch
        self._page_size = page_size
        self._key = key
        self._operation = operation
        self._prefetch = prefetch
        self._walks: weakref.WeakSet[_PageWalk[T]] = weakref.WeakSet()

    def iter_pages(self) -> AsyncIterator[Page[T]]:
        """Every page from the first, as :class:`Page` objects (records, total, number).

        Example::

            async for page in client.work_orders.list(page_size=100).iter_pages():
                print(page.page_num, len(page.records), page.total)
        """
        return self._walk(self._prefetch)

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemWalk(self._walk(self._prefetch))

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._first_page().__await__()

    async def aclose(self) -> None:
        """Cancel any prefetch of this paginator's walks and wait for it to end."""
        for walk in list(self._walks):
            await walk.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.aclose()

    def _walk(self, prefetch: bool) -> _PageWalk[T]:
        state: _WalkState[T] = _WalkState(self._operation, self._key, self._page_size)
        walk = _PageWalk(self._fetch, state, prefetch)
        self._walks.add(walk)
        return walk

    async def _first_page(self) -> Page[T]:
        walk = self._walk(prefetch=False)
        try:
            return await walk.__anext__()
        finally:
            await walk.aclose()

    def __repr__(self) -> str:
        return f"<AsyncPaginator {self._operation} page_size={self._page_size}>"
