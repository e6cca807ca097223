"""Fault injection: rules that make chosen operations fail in chosen ways, reproducibly.

A :class:`FaultRule` names an operation (or ``"*"``), a kind and options; a
:class:`FaultSet` holds the rules of one sandbox, counts what they matched and picks, for
each request, the rules that fire. Rules are evaluated in order: every firing ``delay``
rule applies, and the first firing rule of any other kind ends the evaluation.

Most kinds strike before the handler runs, so nothing is written. ``lose_answer`` and
``late_answer`` strike after it: the write is committed and its answer is lost (connection
reset) or comes after the client gave up; ``duplicate`` makes a repeated key answer the
vendor's duplicate error instead of the stored result. These are the faults that make a
write's outcome uncertain for the client.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Literal, get_args

import attrs
import orjson
from aiohttp import web

from ._operations import Family, operation_named
from ._responses import finhub_error, hypercard_error

__all__ = [
    "AFTER_COMMIT",
    "FAULT_KINDS",
    "FaultKind",
    "FaultRule",
    "FaultSet",
    "execute_fault",
    "fault_rule_from_mapping",
    "finish_after_commit",
    "wants_duplicate_answer",
]

# Kinds that act after the handler ran (the write committed), and the one that changes how
# the handler answers a repeated key.
AFTER_COMMIT: Final = frozenset({"lose_answer", "late_answer"})
_DUPLICATE = web.RequestKey("fincard_duplicate_answer", bool)

FaultKind = Literal[
    "status",
    "delay",
    "drop",
    "truncate",
    "non_json",
    "envelope",
    "expire_token",
    "lose_answer",
    "late_answer",
    "duplicate",
]
FAULT_KINDS: Final[frozenset[str]] = frozenset(get_args(FaultKind))

_HTML_PAGE: Final = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


def _check_operation(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value != "*":
        try:
            operation_named(value)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None


def _check_kind(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {value!r}; known: {', '.join(sorted(FAULT_KINDS))}")


@attrs.frozen(kw_only=True)
class FaultRule:
    """One fault: which operation, what happens, and how often.

    Args:
        kind: ``status`` (an HTTP status with the family's envelope), ``delay`` (wait
            ``delay`` seconds, then answer normally), ``drop`` (close the connection without
            answering), ``truncate`` (send half of a JSON body, then close), ``non_json`` (an
            HTML 502 page), ``envelope`` (HTTP 200 with FinHub ``success: false`` and
            ``code``, default 500, or a HyperCard ``code``, default ``B0000``),
            ``expire_token`` (revoke the caller's FinHub token first, so the call gets 401;
            no effect on HyperCard operations, which have no token), ``lose_answer`` (run
            the handler, so a write commits, then reset the connection without answering),
            ``late_answer`` (run the handler, then wait ``delay`` seconds before answering:
            set it past the client's timeout), ``duplicate`` (a write repeating a stored
            key answers the vendor's duplicate error: FinHub ``-1`` "duplicate
            merchantOrderNo", HyperCard ``A0005``, which HyperCard answers anyway).
        operation: an ``operationId`` (``listRegions``, ``applyCard``, ...) or ``"*"``.
        status: HTTP status for ``status`` (required there).
        code: envelope code for ``status``/``envelope`` (FinHub int, HyperCard string).
        msg: envelope message.
        delay: seconds, for ``delay`` and ``late_answer``.
        retry_after: value of a ``Retry-After`` header added to ``status`` answers.
        times: fire at most this many times (``None``: no limit).
        probability: chance to fire for each eligible request, drawn from the seeded RNG.
        after: let the first ``after`` matching requests through untouched.

    Example::

        FaultRule(operation="listRegions", kind="status", status=503, times=2)
    """

    kind: FaultKind = attrs.field(validator=_check_kind)
    operation: str = attrs.field(default="*", validator=_check_operation)
    status: int | None = attrs.field(default=None)
    code: int | str | None = None
    msg: str | None = None
    delay: float = attrs.field(default=0.0, validator=attrs.validators.ge(0))
    retry_after: float | None = None
    times: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    probability: float = attrs.field(
        default=1.0, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )
    after: int = attrs.field(default=0, validator=attrs.validators.ge(0))

    def __attrs_post_init__(self) -> None:
        if self.kind == "status" and (self.status is None or not 100 <= self.status <= 599):
            raise ValueError("a 'status' fault needs an HTTP status between 100 and 599")
        if self.kind in ("delay", "late_answer") and self.delay <= 0:
            raise ValueError(f"a {self.kind!r} fault needs delay > 0 seconds")

    def matches(self, operation: str) -> bool:
        """Whether this rule applies to ``operation`` at all."""
        return self.operation in ("*", operation)


def fault_rule_from_mapping(data: Mapping[str, Any]) -> FaultRule:
    """Build a rule from JSON (the admin endpoint); unknown keys are refused."""
    known = {field.name for field in attrs.fields(FaultRule)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown fault rule field(s): {', '.join(unknown)}")
    try:
        return FaultRule(**data)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


@attrs.define
class _Slot:
    rule: FaultRule
    seen: int = 0
    fired: int = 0

    def fires(self, rng: random.Random) -> bool:
        self.seen += 1
        rule = self.rule
        if self.seen <= rule.after:
            return False
        if rule.times is not None and self.fired >= rule.times:
            return False
        if rule.probability < 1.0 and rng.random() >= rule.probability:
            return False
        self.fired += 1
        return True


class FaultSet:
    """The fault rules of one sandbox, changeable while it runs.

    Example::

        sandbox.faults.add(FaultRule(operation="listRegions", kind="status", status=503))
        sandbox.faults.clear()
    """

    def __init__(self, rules: Iterable[FaultRule] = (), *, seed: int | None = None) -> None:
        self._slots: list[_Slot] = [_Slot(rule) for rule in rules]
        self._rng = random.Random(seed)

    def add(self, rule: FaultRule) -> FaultRule:
        """Append a rule (evaluated after the existing ones); return it."""
        self._slots.append(_Slot(rule))
        return rule

    def remove(self, rule: FaultRule) -> None:
        """Remove the first rule equal to ``rule``; ``ValueError`` if absent."""
        for index, slot in enumerate(self._slots):
            if slot.rule == rule:
                del self._slots[index]
                return
        raise ValueError("no such fault rule")

    def clear(self) -> None:
        """Remove every rule."""
        self._slots.clear()

    @property
    def rules(self) -> tuple[FaultRule, ...]:
        """The rules, in evaluation order."""
        return tuple(slot.rule for slot in self._slots)

    def fired(self, rule: FaultRule) -> int:
        """How many times the first rule equal to ``rule`` fired."""
        for slot in self._slots:
            if slot.rule == rule:
                return slot.fired
        raise ValueError("no such fault rule")

    def select(self, operation: str) -> list[FaultRule]:
        """The rules that fire for one request to ``operation``, in order."""
        chosen: list[FaultRule] = []
        for slot in self._slots:
            if not slot.rule.matches(operation) or not slot.fires(self._rng):
                continue
            chosen.append(slot.rule)
            if slot.rule.kind != "delay":
                break
        return chosen


async def execute_fault(
    rule: FaultRule,
    request: web.Request,
    family: Family,
    *,
    expire_token: Callable[[web.Request], None],
) -> web.StreamResponse | None:
    """Carry out ``rule``; return the answer, or ``None`` to let the request through."""
    if rule.kind == "delay":
        await asyncio.sleep(rule.delay)
        return None
    if rule.kind == "expire_token":
        expire_token(request)
        return None
    if rule.kind == "duplicate":
        request[_DUPLICATE] = True
        return None
    if rule.kind == "drop":
        _close_connection(request)
        return web.Response()
    if rule.kind == "truncate":
        return await _truncated(request, family)
    if rule.kind == "non_json":
        return web.Response(body=_HTML_PAGE, status=502, content_type="text/html")
    return _envelope_answer(rule, family)


def _envelope_answer(rule: FaultRule, family: Family) -> web.Response:
    status = rule.status if rule.kind == "status" and rule.status is not None else 200
    headers = {"Retry-After": _seconds(rule.retry_after)} if rule.retry_after is not None else None
    msg = rule.msg or ("injected fault" if status == 200 else f"injected HTTP {status}")
    if family == "finhub":
        return finhub_error(status, _finhub_code(rule, status), msg, headers=headers)
    code_text = rule.code if isinstance(rule.code, str) else "B0000"
    return hypercard_error(code_text, msg, status=status, headers=headers)


def _finhub_code(rule: FaultRule, status: int) -> int:
    if isinstance(rule.code, int):
        return rule.code
    # FinHub's documented codes: 500 for server trouble, the HTTP status otherwise (401, 429).
    return 500 if status == 200 or status >= 500 else status


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _close_connection(request: web.Request) -> None:
    transport = request.transport
    request.protocol.force_close()
    if transport is not None:
        transport.close()


async def _truncated(request: web.Request, family: Family) -> web.StreamResponse:
    if family == "finhub":
        payload: dict[str, Any] = {"success": True, "code": 200, "msg": "success", "data": []}
    else:
        payload = {"code": "00000", "msg": "ok", "data": []}
    payload["padding"] = "x" * 64
    body = orjson.dumps(payload)
    response = web.StreamResponse(status=200)
    response.content_type = "application/json"
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    _close_connection(request)
    return response


def wants_duplicate_answer(request: web.Request) -> bool:
    """Whether a ``duplicate`` fault fired for this request (handlers of keyed writes ask)."""
    return bool(request.get(_DUPLICATE, False))


async def finish_after_commit(
    rule: FaultRule, request: web.Request, answer: web.StreamResponse
) -> web.StreamResponse:
    """Carry out an after-commit fault on the handler's ``answer``."""
    if rule.kind == "lose_answer":
        _close_connection(request)
        return web.Response()
    await asyncio.sleep(rule.delay)  # late_answer: the client has likely given up by now
    return answer
