"""Which values of a request are personal data or secrets, so that no error text shows them.

The spec marks personal-data fields ``x-fincard-sensitive``; the templates give those fields
``repr=redacted``. The same marks, read off the generated models, name the wire keys whose
values an error must hide when a server echoes the request back in its message. Headers are
marked the same way in the spec: personal-data header parameters (the end user's IP and
device) and the credential schemes (the bearer token, the HyperCard signature).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from fincard_async._generated.models import WIRE_NAMES
from fincard_async._generated.types import redacted

from ._exceptions import APIError
from ._spec import load_openapi_document

__all__ = ["hide_sent_values", "sensitive_header_names", "sensitive_wire_names"]


@functools.cache
def sensitive_wire_names() -> frozenset[str]:
    """Wire names of every field the spec marks ``x-fincard-sensitive``."""
    names: set[str] = set()
    for cls, wire in WIRE_NAMES.items():
        for field in attrs.fields(cls):
            if field.repr is redacted:
                names.add(wire.get(field.name, field.name))
    return frozenset(names)


@functools.cache
def sensitive_header_names() -> frozenset[str]:
    """Lower-case names of the headers whose values the spec marks ``x-fincard-sensitive``.

    Header parameters, and the credential schemes: ``Authorization`` for a bearer scheme,
    the header an ``apiKey`` scheme names.
    """
    components = load_openapi_document().get("components", {})
    names: set[str] = set()
    for parameter in components.get("parameters", {}).values():
        if parameter.get("in") == "header" and parameter.get("x-fincard-sensitive"):
            names.add(parameter["name"].lower())
    for scheme in components.get("securitySchemes", {}).values():
        if not scheme.get("x-fincard-sensitive"):
            continue
        if scheme.get("type") == "http":
            names.add("authorization")
        elif scheme.get("in") == "header":
            names.add(scheme["name"].lower())
    return frozenset(names)


def hide_sent_values(
    payload: Any, headers: Iterable[Mapping[str, str]], errors: Iterable[APIError]
) -> None:
    """Make ``errors`` hide every personal-data or secret value that was sent: in the
    ``payload``, and in each attempt's ``headers``."""
    values = list(_sensitive_values(payload, sensitive_wire_names(), depth=0))
    values += _sensitive_header_values(headers)
    if values:
        for error in errors:
            error.hide(values)


def _sensitive_header_values(sent: Iterable[Mapping[str, str]]) -> Iterator[str]:
    names = sensitive_header_names()
    for headers in sent:
        for name, value in headers.items():
            if name.lower() in names:
                yield value
                scheme, _, credential = value.partition(" ")
                if credential and scheme.lower() == "bearer":
                    yield credential  # the token alone is what a server would quote


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
