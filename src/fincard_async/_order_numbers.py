"""Client transaction ids: FinHub ``merchantOrderNo`` and HyperCard ``mc_trade_no``.

Both act as idempotency keys, so the client makes one per logical call, before its retry loop,
and reuses it on every attempt; a value the caller supplies always wins and is only validated.

Generated numbers are ULID-like: an optional prefix, then 10 characters of the millisecond time
(48 bits) and 16 characters of randomness (80 bits), in Crockford base32 (``0-9A-Z`` without
``I L O U``). They sort by creation time, and within one millisecond a generator increments the
random part instead of drawing a new one (ULID "monotonic mode"), so the numbers from one
generator never collide and keep their order. Clock and randomness are injectable for tests.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from typing import Final

from ._exceptions import ConfigurationError, ValidationError, Violation

__all__ = [
    "MC_TRADE_NO",
    "MERCHANT_ORDER_NO",
    "OrderNumberGenerator",
    "validate_order_number",
]

MERCHANT_ORDER_NO: Final = (20, 40)
"""Length range (inclusive) of FinHub's ``merchantOrderNo``."""

MC_TRADE_NO: Final = (1, 64)
"""Length range (inclusive) of HyperCard's ``mc_trade_no``."""

_CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TIME_CHARS: Final = 10
_BODY_CHARS: Final = 26
_TIME_BITS: Final = 48
_RANDOM_BITS: Final = 80
_RANDOM_BYTES: Final = _RANDOM_BITS // 8
_RANDOM_MASK: Final = (1 << _RANDOM_BITS) - 1
_MAX_PREFIX: Final = 14  # 14 + 26 = 40, FinHub's maximum; 26 alone meets its minimum of 20
_PREFIX_RE: Final = re.compile(rf"[A-Za-z0-9]{{0,{_MAX_PREFIX}}}")
# Every 10-bit value as its two characters: 5 lookups write the time, 8 the random part.
_PAIRS: Final = tuple(high + low for high in _CROCKFORD for low in _CROCKFORD)
_TIME_SHIFTS: Final = tuple(range(_TIME_CHARS * 5 - 10, -1, -10))
_RANDOM_SHIFTS: Final = tuple(range(_RANDOM_BITS - 10, -1, -10))
_FROM_CROCKFORD: Final = {char: index for index, char in enumerate(_CROCKFORD)}


def _encode(value: int, shifts: tuple[int, ...]) -> str:
    return "".join([_PAIRS[value >> shift & 0x3FF] for shift in shifts])


class OrderNumberGenerator:
    """Makes unique, time-sortable order numbers; safe to share between threads and tasks.

    Args:
        prefix: 0 to 14 characters of ``[A-Za-z0-9]`` put in front (e.g. a host or shop tag).
        clock: returns the time in nanoseconds since the epoch (default ``time.time_ns``).
        rng: returns *n* random bytes (default ``os.urandom``).

    Raises:
        ConfigurationError: the prefix breaks its rule.

    Example::

        orders = OrderNumberGenerator(prefix="FC")
        orders.new()  # 'FC01HF3Z8Q9X4V7K2M0QW3E5R6T8'
    """

    def __init__(
        self,
        *,
        prefix: str = "",
        clock: Callable[[], int] = time.time_ns,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        if not isinstance(prefix, str) or not _PREFIX_RE.fullmatch(prefix):
            message = f"prefix must be 0 to {_MAX_PREFIX} characters of [A-Za-z0-9]"
            raise ConfigurationError(f"order number {message} (rule: prefix)")
        self._prefix = prefix
        self._clock = clock
        self._rng = rng
        self._lock = threading.Lock()
        self._last_ms = -1
        self._last_random = 0
        self._time_text = ""

    @property
    def prefix(self) -> str:
        """The prefix every number starts with."""
        return self._prefix

    def new(self) -> str:
        """Return a new order number: prefix + 10 time characters + 16 random characters.

        Raises:
            ConfigurationError: the clock is before 1970 or after the 48-bit millisecond range.
            RuntimeError: 2**80 numbers were asked for within one millisecond (only possible
                with a rigged ``rng``).
        """
        with self._lock:
            time_text, random_part = self._next()
        return self._prefix + time_text + _encode(random_part, _RANDOM_SHIFTS)

    def _next(self) -> tuple[str, int]:
        ms = self._clock() // 1_000_000
        if ms >> _TIME_BITS or ms < 0:
            raise ConfigurationError("the order number clock is outside the 48-bit range")
        if ms <= self._last_ms:
            # Same millisecond, or the wall clock stepped back: stay on the last timestamp and
            # count up, so the order holds and nothing repeats.
            ms, random_part = self._last_ms, self._last_random + 1
            if random_part > _RANDOM_MASK:
                raise RuntimeError("order numbers exhausted for this millisecond")
        else:
            random_part = int.from_bytes(self._rng(_RANDOM_BYTES), "big") & _RANDOM_MASK
            # The time part changes at most once per millisecond: encode it only then.
            self._time_text = _encode(ms, _TIME_SHIFTS)
        self._last_ms, self._last_random = ms, random_part
        return self._time_text, random_part

    def timestamp_ms(self, order_no: str) -> int:
        """Return the creation time (epoch milliseconds) encoded in one of our numbers.

        Raises:
            ValueError: ``order_no`` was not made by a generator with this prefix.
        """
        body = order_no[len(self._prefix) :]
        if not order_no.startswith(self._prefix) or len(body) != _BODY_CHARS:
            raise ValueError("not an order number of this generator")
        value = 0
        for char in body[:_TIME_CHARS]:
            if char not in _FROM_CROCKFORD:
                raise ValueError("not an order number of this generator")
            value = value << 5 | _FROM_CROCKFORD[char]
        return value


def validate_order_number(
    value: object,
    *,
    field: str,
    min_length: int,
    max_length: int,
    pattern: str = r"[A-Za-z0-9_-]+",
) -> str:
    """Check a caller-supplied order number and return it unchanged.

    Args:
        value: the caller's value.
        field: the field path used in errors (e.g. ``"merchantOrderNo"``).
        min_length: smallest allowed length (see :data:`MERCHANT_ORDER_NO`, :data:`MC_TRADE_NO`).
        max_length: largest allowed length.
        pattern: a regular expression the whole value must match.

    Raises:
        ValidationError: with rule ``type``, ``minLength``, ``maxLength`` and/or ``pattern``;
            every broken rule is listed.
    """
    if not isinstance(value, str):
        message = f"must be a string, not {type(value).__name__}"
        raise ValidationError.single(field, "type", message)
    violations = []
    if len(value) < min_length:
        message = f"must be at least {min_length} characters, got {len(value)}"
        violations.append(Violation(path=field, rule="minLength", message=message))
    if len(value) > max_length:
        message = f"must be at most {max_length} characters, got {len(value)}"
        violations.append(Violation(path=field, rule="maxLength", message=message))
    if not re.fullmatch(pattern, value):
        message = f"must match {pattern}"
        violations.append(Violation(path=field, rule="pattern", message=message))
    if violations:
        raise ValidationError(violations)
    return value
