"""Which values of a request are personal data, so that no error text can show them.

The spec marks personal-data fields ``x-fincard-sensitive``; the templates give those fields
``repr=redacted``. The same marks, read off the generated models, name the wire keys whose
values an error must hide when a server echoes the request back in its message.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs

from fincard_async._generated.models import WIRE_NAMES
from fincard_async._generated.types import redacted

from ._exceptions import APIError

__all__ = ["hide_sent_values", "sensitive_wire_names"]


@functools.cache
def sensitive_wire_names() -> frozenset[str]:
    """Wire names of every field the spec marks ``x-fincard-sensitive``."""
    names: set[str] = set()
    for cls, wire in WIRE_NAMES.items():
        for field in attrs.fields(cls):
            if field.repr is redacted:
                names.add(wire.get(field.name, field.name))
    return frozenset(names)


def hide_sent_values(payload: Any, *errors: APIError) -> None:
    """Make ``errors`` hide every personal-data value in the ``payload`` that was sent."""
    values = list(_sensitive_values(payload, sensitive_wire_names(), depth=0))
    if values:
        for error in errors:
            error.hide(values)


def _sensitive_values(node: Any, names: frozenset[str], depth: int) -> Iterator[str]:
    if depth > 8:  # request bodies nest two levels; a guard, not a limit anyone meets
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if key in names and isinstance(value, str | int):
                yield str(value)
            else:
                yield from _sensitive_values(value, names, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _sensitive_values(item, names, depth + 1)
