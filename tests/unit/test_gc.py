"""The collector pause: only above the threshold, only if enabled, shared safely by threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from fincard_async._gc import GC_PAUSE_MIN_BYTES, gc_paused


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def test_pauses_only_from_the_threshold() -> None:
    with gc_paused(GC_PAUSE_MIN_BYTES - 1):
        assert gc.isenabled()
    with gc_paused(GC_PAUSE_MIN_BYTES):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restores_the_collector_on_an_exception() -> None:
    with pytest.raises(KeyError), gc_paused(GC_PAUSE_MIN_BYTES):
        raise KeyError("x")
    assert gc.isenabled()


def test_never_enables_a_collector_it_did_not_disable() -> None:
    gc.disable()
    with gc_paused(GC_PAUSE_MIN_BYTES):
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_pauses_end_with_the_outermost() -> None:
    with gc_paused(GC_PAUSE_MIN_BYTES):
        with gc_paused(GC_PAUSE_MIN_BYTES):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_with_the_last() -> None:
    first_in, first_may_leave = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_paused(GC_PAUSE_MIN_BYTES):
            first_in.set()
            first_may_leave.wait(timeout=10)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(timeout=10)
    with gc_paused(GC_PAUSE_MIN_BYTES):
        first_may_leave.set()
        thread.join(timeout=10)  # the first pause ended while this one runs
        seen.append(gc.isenabled())
    assert seen == [False]
    assert gc.isenabled()
