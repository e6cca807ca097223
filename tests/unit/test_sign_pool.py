"""The signing pool's settings: its default follows the CPUs the process may use."""

from __future__ import annotations

import asyncio
import threading

from fincard_async._sign_pool import SignPool, usable_cpus


def test_default_uses_threads_only_with_more_than_one_cpu() -> None:
    pool = SignPool()
    assert pool.threads is (usable_cpus() > 1)
    assert 1 <= pool.workers <= 4
    assert SignPool(threads=True, workers=2).workers == 2


def test_repr_says_how_it_signs() -> None:
    pool = SignPool(threads=True, workers=2)
    assert repr(pool) == "<SignPool 2 worker thread(s)>"
    pool.close()
    assert repr(pool) == "<SignPool 2 worker thread(s) closed>"
    assert repr(SignPool(threads=False)) == "<SignPool inline>"


async def test_a_closed_pool_runs_jobs_inline() -> None:
    pool = SignPool(threads=True)
    pool.close()
    names = await asyncio.gather(
        *(pool.run(lambda: threading.current_thread().name) for _ in range(4))
    )
    assert set(names) == {threading.current_thread().name}
