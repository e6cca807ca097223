"""Generated answer bodies for every answer shape, valid or hostile, from a seeded RNG.

One generator serves hypothesis (through ``st.randoms()``) in ``make test`` and the plain
seeded loop of the full run. Bodies start valid (built from the model's own fields and wire
names) and are then bent: unknown fields and enum values, wrong types, nulls, huge strings,
deep nesting, strings where lists belong, broken JSON.
"""

from __future__ import annotations

import enum
import random
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import orjson

import fincard_async._generated.models
from fincard_async._generated.models import (
    WIRE_NAMES,
    CardApplyEnvelope,
    CardTypeListEnvelope,
    CityListEnvelope,
    CityTreeEnvelope,
    LoginEnvelope,
    MobileAreaCodeListEnvelope,
    RegionListEnvelope,
    UploadFileEnvelope,
    WorkOrderEnvelope,
    WorkOrderPageEnvelope,
)

__all__ = ["SHAPES", "body"]

# answer shape -> (envelope model, family)
SHAPES: dict[str, tuple[type[Any], str]] = {
    "login": (LoginEnvelope, "finhub"),
    "listRegions": (RegionListEnvelope, "finhub"),
    "listCities": (CityListEnvelope, "finhub"),
    "listCityTree": (CityTreeEnvelope, "finhub"),
    "listMobileAreaCodes": (MobileAreaCodeListEnvelope, "finhub"),
    "uploadFile": (UploadFileEnvelope, "finhub"),
    "submitWorkOrder": (WorkOrderEnvelope, "finhub"),
    "listWorkOrders": (WorkOrderPageEnvelope, "finhub"),
    "listCardTypes": (CardTypeListEnvelope, "hypercard"),
    "applyCard": (CardApplyEnvelope, "hypercard"),
}
_MAX_DEPTH = 4
# orjson writes no integer over 64 bits: a marker, swapped for a 31-digit number after dumping
_BIG_INT = "\u0000big-int\u0000"
_BIG_INT_JSON = orjson.dumps(_BIG_INT)


def body(shape: str, rnd: random.Random) -> bytes:
    """One answer body for ``shape``: valid about a third of the time, else bent somehow."""
    model, family = SHAPES[shape]
    value = _model(model, rnd, 0)
    if rnd.random() < 0.8:  # mostly success envelopes: those reach structuring
        value.update({"success": True, "code": 200} if family == "finhub" else {"code": "00000"})
    for _ in range(rnd.choice((0, 0, 1, 1, 2, 3))):
        value = _bend(value, rnd)
    data = orjson.dumps(value).replace(_BIG_INT_JSON, b"-1234567890123456789012345678901")
    return _broken(data, rnd) if rnd.random() < 0.05 else data


def _value(tp: Any, rnd: random.Random, depth: int) -> Any:
    options = _alternatives(tp)
    if type(None) in options and rnd.random() < 0.2:
        return None
    tp = rnd.choice([o for o in options if o is not type(None)] or [type(None)])
    if tp is type(None):
        return None
    if attrs.has(tp):
        return _model(tp, rnd, depth + 1)
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        count = 0 if depth >= _MAX_DEPTH else rnd.randint(0, 3)
        return [_value(item, rnd, depth + 1) for _ in range(count)]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if rnd.random() < 0.1:  # a value the spec does not know yet
            return rnd.randint(90, 99) if issubclass(tp, int) else "NEW_VALUE"
        return rnd.choice(list(tp)).value
    if tp is bool:
        return rnd.random() < 0.5
    if tp is int:
        return rnd.randint(-5, 10_000)
    if tp is float:
        return rnd.random() * 100
    return _text(rnd)


def _model(cls: type[Any], rnd: random.Random, depth: int) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, localns=vars(fincard_async._generated.models))
    wire = WIRE_NAMES.get(cls, {})
    out: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.default is not attrs.NOTHING and rnd.random() < 0.3:
            continue
        out[wire.get(field.name, field.name)] = _value(hints[field.name], rnd, depth)
    if rnd.random() < 0.2:
        out[f"unknown_{rnd.randint(0, 9)}"] = _hostile(rnd)
    return out


def _alternatives(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return (tp,)


def _text(rnd: random.Random) -> str:
    kind = rnd.random()
    if kind < 0.7:
        return "".join(rnd.choice("abcXYZ019 -_.") for _ in range(rnd.randint(0, 12)))
    if kind < 0.9:
        return "".join(chr(rnd.randint(0x20, 0x2FFF)) for _ in range(rnd.randint(1, 8)))
    return "\u202e\u0000\ufeff" + "é" * rnd.randint(0, 4)


_HOSTILE: list[Callable[[random.Random], Any]] = [
    lambda r: None,
    lambda r: _BIG_INT,
    lambda r: r.random() * 1e308,
    lambda r: True,
    lambda r: "x" * r.choice((1, 1000, 100_000)),
    lambda r: [],
    lambda r: {},
    lambda r: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    lambda r: {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": "b"}}}}}}}},
    lambda r: ["item"] * r.choice((1, 100, 5000)),
    lambda r: "\ud7ff" * 3,
]


def _hostile(rnd: random.Random) -> Any:
    return rnd.choice(_HOSTILE)(rnd)


def _bend(value: Any, rnd: random.Random) -> Any:
    """``value`` with one place (found by a random walk) replaced by a hostile value."""
    if rnd.random() < 0.25 or not isinstance(value, (dict, list)) or not value:
        return _hostile(rnd)
    if isinstance(value, dict):
        key = rnd.choice(list(value))
        return {**value, key: _bend(value[key], rnd)}
    index = rnd.randrange(len(value))
    return [*value[:index], _bend(value[index], rnd), *value[index + 1 :]]


def _broken(data: bytes, rnd: random.Random) -> bytes:
    kind = rnd.randrange(4)
    if kind == 0:
        return data[: rnd.randrange(max(1, len(data)))]
    if kind == 1:
        return b"<html><body>502 Bad Gateway</body></html>"
    if kind == 2:
        return bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 64)))
    return b"[" * 2000 + b"]" * 2000
