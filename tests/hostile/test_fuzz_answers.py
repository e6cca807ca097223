"""Fuzzed answers of every shape, over loopback HTTP: a typed error or a result, never else.

A few hundred bodies per shape here; ``make hostile`` runs 10,000 per shape and reports CPU.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._bodies import SHAPES, body
from ._fuzz import FuzzTarget

FAST_EXAMPLES = 100


@pytest.fixture(scope="module")
def target() -> Iterator[tuple[asyncio.Runner, FuzzTarget]]:
    with asyncio.Runner() as runner:
        fuzz = runner.run(FuzzTarget().start())
        try:
            yield runner, fuzz
        finally:
            runner.run(fuzz.close())


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(
    max_examples=FAST_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rnd=st.randoms(use_true_random=False))
def test_every_answer_ends_typed(
    shape: str, rnd: random.Random, target: tuple[asyncio.Runner, FuzzTarget]
) -> None:
    runner, fuzz = target
    outcome = runner.run(fuzz.one(shape, body(shape, rnd)))
    assert outcome.error is None


def test_the_bodies_cover_valid_and_bent_answers() -> None:
    rnd = random.Random(7)
    bodies = [body("listCityTree", rnd) for _ in range(300)]
    assert any(b.startswith(b'{"') and b'"success":true' in b for b in bodies)
    assert any(b'"unknown_' in b for b in bodies)
    assert any(b"x" * 1000 in b for b in bodies)
    assert any(not b.startswith(b"{") for b in bodies)
