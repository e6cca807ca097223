"""Signing in the client's thread pool: valid signatures, inline when alone, closed with the client.

The fake server verifies every signature with the merchant public key and answers a signature
error otherwise, so a call that succeeds carries a signature computed over the bytes it sent.
Whether a worker signed is seen from the outside: the pool's threads exist only once a
signature went to one (they are started on first use) and end when the client closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fincard_async import FincardClient, HyperCardConfig

from .conftest import PRIVATE_KEY, FakeApi

CARD_LIST = "/v5/openapi/card/list"
THREAD_PREFIX = "fincard-sign"


def _sign_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)}


def _hypercard(server: Any, **options: Any) -> HyperCardConfig:
    base = str(server.make_url("")).rstrip("/")
    return HyperCardConfig(base_url=base, api_key="M1", private_key=PRIVATE_KEY, **options)


async def _list_many(client: FincardClient, count: int) -> None:
    answers = await asyncio.gather(*(client.cards.list_card_types() for _ in range(count)))
    assert all(card_types[0].card_type_id == "CT1" for card_types in answers)


def _joined(threads: set[threading.Thread]) -> bool:
    for thread in threads:
        thread.join(timeout=5)
    return not any(thread.is_alive() for thread in threads)


async def test_concurrent_calls_sign_in_worker_threads_and_close_them(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi
) -> None:
    before = _sign_threads()
    async with make_client(hypercard=_hypercard(server, sign_in_threads=True)) as client:
        await _list_many(client, 16)
        started = _sign_threads() - before
        assert started, "concurrent calls should have signed in the pool's threads"
    assert len(api.requests(CARD_LIST)) == 16
    assert len({seen.headers["nonce"] for seen in api.requests(CARD_LIST)}) == 16
    assert _joined(started), "closing the client must end its signing threads"


async def test_a_call_alone_in_flight_signs_inline(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi
) -> None:
    before = _sign_threads()
    async with make_client(hypercard=_hypercard(server, sign_in_threads=True)) as client:
        for _ in range(3):
            await client.cards.list_card_types()
        assert _sign_threads() - before == set()  # no thread hop when there is nothing to overlap
    assert len(api.requests(CARD_LIST)) == 3


async def test_sign_in_threads_false_never_starts_a_thread(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi
) -> None:
    before = _sign_threads()
    async with make_client(hypercard=_hypercard(server, sign_in_threads=False)) as client:
        await _list_many(client, 16)
        assert _sign_threads() - before == set()


@contextlib.contextmanager
def _one_cpu() -> Iterator[None]:
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
async def test_default_signs_inline_on_one_cpu(
    make_client: Callable[..., FincardClient], server: object
) -> None:
    before = _sign_threads()
    with _one_cpu():  # the default decides when the client is made
        client = make_client(hypercard=_hypercard(server))
    async with client:
        await _list_many(client, 16)
        assert _sign_threads() - before == set()


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs two usable CPUs",
)
async def test_default_signs_in_threads_with_several_cpus(
    make_client: Callable[..., FincardClient], server: object
) -> None:
    before = _sign_threads()
    async with make_client(hypercard=_hypercard(server)) as client:
        await _list_many(client, 16)
        assert _sign_threads() - before


async def test_callers_cancelled_while_workers_sign_leave_the_client_usable(
    make_client: Callable[..., FincardClient], server: object, api: FakeApi
) -> None:
    before = _sign_threads()
    async with make_client(hypercard=_hypercard(server, sign_in_threads=True)) as client:
        tasks = [asyncio.create_task(client.cards.list_card_types()) for _ in range(32)]
        for _ in range(1000):  # until signatures are in the workers' hands
            if _sign_threads() - before:
                break
            await asyncio.sleep(0)
        assert _sign_threads() - before
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert any(isinstance(r, asyncio.CancelledError) for r in results)
        # nothing is left behind: a lone call signs inline again, a crowd in the workers
        sent = len(api.requests(CARD_LIST))
        await client.cards.list_card_types()
        await _list_many(client, 8)
        assert len(api.requests(CARD_LIST)) == sent + 9
        started = _sign_threads() - before
    assert _joined(started)


async def test_a_with_options_copy_shares_the_pool_and_closing_either_closes_it(
    make_client: Callable[..., FincardClient], server: object
) -> None:
    before = _sign_threads()
    client = make_client(hypercard=_hypercard(server, sign_in_threads=True))
    async with client:
        copy = client.with_options()
        await _list_many(copy, 8)
        started = _sign_threads() - before
        assert started
        await copy.aclose()
        assert _joined(started)
        with pytest.raises(RuntimeError, match="closed"):
            await client.cards.list_card_types()


async def test_closing_while_workers_sign_never_cancels_the_callers(
    make_client: Callable[..., FincardClient], server: object
) -> None:
    before = _sign_threads()
    client = make_client(hypercard=_hypercard(server, sign_in_threads=True))
    async with client:
        tasks = [asyncio.create_task(client.cards.list_card_types()) for _ in range(32)]
        for _ in range(1000):  # until signatures are in the workers' hands
            if _sign_threads() - before:
                break
            await asyncio.sleep(0)
        started = _sign_threads() - before
        assert started
    results = await asyncio.gather(*tasks, return_exceptions=True)
    outcomes = {type(r).__name__ for r in results if isinstance(r, BaseException)}
    assert "CancelledError" not in outcomes
    assert outcomes <= {"RuntimeError", "APIConnectionError"}
    assert _joined(started)
