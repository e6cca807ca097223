# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""Types shared by the generated models and operations."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import IO, Any, Generic, TypeVar

from attrs import define, field

__all__ = ["File", "Response", "is_known_member", "open_enum_member", "redacted"]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


@define(kw_only=True)
class File:
    """A file part of a multipart body: its content (bytes or a binary file object) and names."""

    payload: bytes | IO[bytes] = field(repr=False)
    file_name: str | None = None
    mime_type: str | None = None


@define(kw_only=True)
class Response(Generic[T]):
    """A successful answer: the parsed model plus what the transport saw."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)
    parsed: T
    request_id: str | None = None


def redacted(value: object) -> str:
    """repr of a secret or personal field: says whether it is set, never what it is."""
    return "None" if value is None else "'<redacted>'"


def open_enum_member(cls: type[E], value: object, base: type[Any]) -> E | None:
    """Make a member for a value the enum does not list, keeping the raw value.

    The member is not cached on the class: a server sending many odd values must not grow it.
    """
    if not isinstance(value, base) or isinstance(value, bool):
        return None
    # the enum's own data type (str or int) builds the value, as Enum itself does
    new: Any = base.__new__
    member: E = new(cls, value)
    member._name_ = f"UNKNOWN_{value}"
    member._value_ = value
    return member


def is_known_member(member: Enum) -> bool:
    """Whether ``member`` is one of the values the spec documents."""
    return member.__class__.__members__.get(member.name) is member
