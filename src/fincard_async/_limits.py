"""Bounds on reading an answer: its size as received and decompressed, and its JSON nesting.

A misbehaving or compromised upstream must cost a bounded amount of memory and CPU. The body is
read in chunks and reading stops at the cap (the connection is closed, never drained), so a
200 MB answer or a gzip bomb costs about the cap, not the answer. The nesting is checked
while the fast structure hooks build the models (they walk every level anyway, see
``_conversion.py``); an answer they do not take is walked once by :func:`check_depth`,
iteratively, before anything recursive touches it.

Defaults are sized from the largest real answer, the full city tree of every country:
548 kB, nested 5 deep. The caps leave 15x and 6x headroom.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import attrs
from aiohttp import hdrs

from ._exceptions import AnswerTooLargeError, ConfigurationError

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_DEPTH",
    "PARSE_IN_THREAD_BYTES",
    "AnswerLimits",
    "check_depth",
    "nests_within",
    "read_body",
    "too_deep",
]

DEFAULT_MAX_BODY_BYTES = 8 << 20
DEFAULT_MAX_DEPTH = 32
# Answers longer than this are decoded and structured in a worker thread: measured, the full
# city tree (548 kB) costs about 25 ms of CPU and an 8 MiB answer about 500 ms, which would
# stall every other task on the loop. Below it, a thread hand-off costs more than it saves.
PARSE_IN_THREAD_BYTES = 1 << 20
MAX_BODY_BYTES_ALLOWED = 1 << 30
MAX_DEPTH_ALLOWED = 100


def _between(low: int, high: int) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ConfigurationError(f"{attribute.name} must be an int from {low} to {high:,}")

    return check


@attrs.frozen(kw_only=True)
class AnswerLimits:
    """How much of an answer the client accepts. Each attempt is checked on its own.

    An answer over a limit raises :class:`~fincard_async.AnswerTooLargeError` naming the
    limit, and is never retried.

    Args:
        max_body_bytes: the largest body, counted as received (``Content-Length``) and as
            decompressed while reading. Default 8 MiB, at most 1 GiB.
        max_depth: the deepest nesting of JSON objects and arrays. Default 32, at most 100:
            structuring recurses once or twice per level and Python's stack is about 1,000.
    """

    max_body_bytes: int = attrs.field(
        default=DEFAULT_MAX_BODY_BYTES, validator=_between(1, MAX_BODY_BYTES_ALLOWED)
    )
    max_depth: int = attrs.field(
        default=DEFAULT_MAX_DEPTH, validator=_between(1, MAX_DEPTH_ALLOWED)
    )


async def read_body(
    resp: aiohttp.ClientResponse, limits: AnswerLimits, request_id: str | None
) -> bytes:
    """The whole (decompressed) body, or :class:`AnswerTooLargeError` once it passes the cap."""
    cap = limits.max_body_bytes
    declared = resp.content_length
    if declared is not None and declared > cap:
        resp.close()
        raise _too_large(resp, b"", request_id, cap, f"declares {declared:,} bytes, over")
    headers = resp.headers
    plain = hdrs.CONTENT_ENCODING not in headers and hdrs.TRANSFER_ENCODING not in headers
    if declared is not None and plain:
        # the parser stops at the declared length and nothing is decompressed: the body is
        # known to fit, and one read costs half the chunk loop on a small answer
        return await resp.read()
    body = bytearray()
    async for chunk in resp.content.iter_any():
        if len(body) + len(chunk) > cap:
            resp.close()  # stop here: the rest is neither read nor decompressed
            raise _too_large(resp, bytes(body), request_id, cap, "is longer than")
        body += chunk
    return bytes(body)


def check_depth(payload: Any, limits: AnswerLimits) -> None:
    """Raise :class:`AnswerTooLargeError` when ``payload`` nests deeper than ``max_depth``.

    Iterative, and linear in the number of containers: safe on any decoded JSON.
    """
    if not nests_within(payload, limits.max_depth):
        raise too_deep(limits)


def nests_within(value: Any, levels: int) -> bool:
    """Whether ``value`` spans at most ``levels`` levels of JSON objects and arrays.

    A scalar spans none, ``[]`` and ``{}`` one, ``[{}]`` two. Iterative and linear, like
    :func:`check_depth` (which is this check with ``max_depth``); the structurer uses it
    for the parts of an answer it does not walk itself (unknown keys, untyped fields).
    """
    if value.__class__ is not dict and value.__class__ is not list:
        return True
    level: list[Any] = [value]
    while level:
        if levels < 1:
            return False
        levels -= 1
        level = _children(level)
    return True


def too_deep(limits: AnswerLimits) -> AnswerTooLargeError:
    """The error for an answer nested deeper than ``limits.max_depth``."""
    limit = limits.max_depth
    return AnswerTooLargeError(
        f"the answer nests deeper than the limit of {limit} levels (max_depth)",
        limit="max_depth",
        limit_value=limit,
    )


def _children(level: list[Any]) -> list[Any]:
    # the hot loop of the check (a third of the cost of structuring the city tree): plain
    # class tests and a bound append, no generator or isinstance
    below: list[Any] = []
    append = below.append
    for node in level:
        for value in node.values() if node.__class__ is dict else node:
            kind = value.__class__
            if kind is dict or kind is list:
                append(value)
    return below


def _too_large(
    resp: aiohttp.ClientResponse, body: bytes, request_id: str | None, cap: int, what: str
) -> AnswerTooLargeError:
    return AnswerTooLargeError(
        f"HTTP {resp.status} answer {what} the limit of {cap:,} bytes (max_body_bytes)",
        limit="max_body_bytes",
        limit_value=cap,
        status_code=resp.status,
        body=body,
        request_id=request_id,
    )
