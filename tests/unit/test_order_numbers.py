"""Tests for ``fincard_async._order_numbers``: generated and caller-supplied order numbers."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fincard_async._exceptions import ConfigurationError, ValidationError
from fincard_async._order_numbers import (
    MC_TRADE_NO,
    MERCHANT_ORDER_NO,
    OrderNumberGenerator,
    validate_order_number,
)

CROCKFORD = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
T0_NS = 1_700_000_000_123 * 1_000_000


def _clock(*ms_values: int) -> Callable[[], int]:
    """A clock that returns the given milliseconds (as ns) in turn, then repeats the last."""
    values: Iterator[int] = iter(ms_values)
    last = [ms_values[0]]

    def now() -> int:
        last[0] = next(values, last[0])
        return last[0] * 1_000_000

    return now


def _counter_rng(start: int = 0) -> Callable[[int], bytes]:
    state = [start]

    def rng(n: int) -> bytes:
        state[0] += 1
        return state[0].to_bytes(n, "big")

    return rng


def test_one_million_numbers_do_not_collide() -> None:
    generator = OrderNumberGenerator()
    seen = {generator.new() for _ in range(1_000_000)}
    # speed is measured in bench/, never asserted here: a timed bound fails on a loaded machine
    assert len(seen) == 1_000_000


@given(st.text(alphabet="abcXYZ0189", max_size=14))
def test_length_and_alphabet(prefix: str) -> None:
    generator = OrderNumberGenerator(prefix=prefix)
    number = generator.new()
    assert generator.prefix == prefix
    assert number.startswith(prefix)
    assert CROCKFORD.fullmatch(number[len(prefix) :])
    assert MERCHANT_ORDER_NO[0] <= len(number) <= MERCHANT_ORDER_NO[1]
    assert validate_order_number(number, field="merchantOrderNo", min_length=20, max_length=40)


@pytest.mark.parametrize("prefix", ["-", "a b", "é", "A" * 15, "x\n", "_"])
def test_bad_prefix_names_the_rule(prefix: str) -> None:
    with pytest.raises(ConfigurationError, match=r"0 to 14 characters of \[A-Za-z0-9\].*prefix"):
        OrderNumberGenerator(prefix=prefix)


def test_numbers_sort_by_creation_time_within_and_across_milliseconds() -> None:
    clock = _clock(*([T0_NS // 1_000_000] * 500 + [T0_NS // 1_000_000 + 1] * 500))
    generator = OrderNumberGenerator(clock=clock, rng=_counter_rng(2**79))
    numbers = [generator.new() for _ in range(1_000)]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 1_000
    assert generator.timestamp_ms(numbers[0]) == T0_NS // 1_000_000
    assert generator.timestamp_ms(numbers[-1]) == T0_NS // 1_000_000 + 1


def test_same_millisecond_counts_up_from_one_random_draw() -> None:
    draws: list[int] = []

    def rng(n: int) -> bytes:
        draws.append(n)
        return bytes(9) + b"\x07"

    generator = OrderNumberGenerator(clock=_clock(5), rng=rng)
    numbers = [generator.new() for _ in range(3)]
    assert draws == [10]
    assert [n[-2:] for n in numbers] == ["07", "08", "09"]
    assert {n[:10] for n in numbers} == {"0000000005"}


def test_clock_stepping_back_keeps_order() -> None:
    generator = OrderNumberGenerator(clock=_clock(1_000, 999, 1_000, 1_001), rng=_counter_rng())
    numbers = [generator.new() for _ in range(4)]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 4


def test_deterministic_with_injected_clock_and_rng() -> None:
    def make() -> list[str]:
        generator = OrderNumberGenerator(
            prefix="FC", clock=_clock(1_700_000_000_000, 1_700_000_000_001), rng=_counter_rng()
        )
        return [generator.new() for _ in range(3)]

    # Reference: 1_700_000_000_000 ms is 01HF7YAT00 in Crockford base32 (divmod by 32).
    assert (
        make()
        == make()
        == [
            "FC01HF7YAT000000000000000001",
            "FC01HF7YAT010000000000000002",
            "FC01HF7YAT010000000000000003",
        ]
    )


def test_two_generators_with_different_rng_do_not_collide() -> None:
    # Two hosts, same millisecond, different randomness.
    host_a = OrderNumberGenerator(clock=_clock(7), rng=_counter_rng(0))
    host_b = OrderNumberGenerator(clock=_clock(7), rng=_counter_rng(2**64))
    numbers_a = {host_a.new() for _ in range(10_000)}
    numbers_b = {host_b.new() for _ in range(10_000)}
    assert len(numbers_a) == len(numbers_b) == 10_000
    assert not numbers_a & numbers_b


def test_exhausted_millisecond_raises() -> None:
    generator = OrderNumberGenerator(clock=_clock(7), rng=lambda n: b"\xff" * n)
    generator.new()
    with pytest.raises(RuntimeError, match="exhausted"):
        generator.new()


@pytest.mark.parametrize("ms", [-1, 2**48])
def test_clock_out_of_range(ms: int) -> None:
    with pytest.raises(ConfigurationError, match="48-bit"):
        OrderNumberGenerator(clock=lambda: ms * 1_000_000).new()


def test_shared_between_threads() -> None:
    generator = OrderNumberGenerator()
    results: list[list[str]] = [[] for _ in range(8)]

    def work(out: list[str]) -> None:
        out.extend(generator.new() for _ in range(5_000))

    threads = [threading.Thread(target=work, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged = [n for out in results for n in out]
    assert len(set(merged)) == 40_000
    assert all(out == sorted(out) for out in results)


def test_timestamp_ms_rejects_foreign_values() -> None:
    generator = OrderNumberGenerator(prefix="AB")
    for foreign in ["AB" + "0" * 25, "CD" + "0" * 26, "AB" + "I" * 26]:
        with pytest.raises(ValueError, match="not an order number"):
            generator.timestamp_ms(foreign)


# --- caller-supplied numbers -------------------------------------------------------------------


def test_valid_values_are_returned_unchanged() -> None:
    value = "ORDER_2024-01-01_0000001"
    assert validate_order_number(value, field="merchantOrderNo", min_length=20, max_length=40) is (
        value
    )
    assert validate_order_number("x", field="mc_trade_no", min_length=1, max_length=64) == "x"


@pytest.mark.parametrize(
    ("value", "limits", "rules"),
    [
        (12345678901234567890, MERCHANT_ORDER_NO, ["type"]),
        (None, MC_TRADE_NO, ["type"]),
        ("A" * 19, MERCHANT_ORDER_NO, ["minLength"]),
        ("A" * 41, MERCHANT_ORDER_NO, ["maxLength"]),
        ("A" * 65, MC_TRADE_NO, ["maxLength"]),
        ("", MC_TRADE_NO, ["minLength", "pattern"]),
        ("order no with spaces!", MERCHANT_ORDER_NO, ["pattern"]),
        ("short/slash", MERCHANT_ORDER_NO, ["minLength", "pattern"]),
        ("A" * 20 + "\n", MERCHANT_ORDER_NO, ["pattern"]),
    ],
)
def test_validation_errors_name_field_and_rule(
    value: object, limits: tuple[int, int], rules: list[str]
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_order_number(
            value, field="merchantOrderNo", min_length=limits[0], max_length=limits[1]
        )
    assert [v.rule for v in info.value.violations] == rules
    assert all(v.path == "merchantOrderNo" for v in info.value.violations)
    assert "merchantOrderNo" in str(info.value)


def test_custom_pattern() -> None:
    with pytest.raises(ValidationError, match="pattern"):
        validate_order_number("abc", field="f", min_length=1, max_length=5, pattern=r"[0-9]+")
    assert validate_order_number("123", field="f", min_length=1, max_length=5, pattern=r"\d+")
