"""Planted secrets and personal data never show in logs, error text or reprs."""

from __future__ import annotations

from ._planted import planted_run


async def test_no_planted_value_shows_anywhere() -> None:
    counts, errors, texts = await planted_run(with_demo=False)  # make hostile: with the demo
    assert errors >= 5  # the forced errors really happened
    assert texts > errors
    assert {name: n for name, n in counts.items() if n} == {}
