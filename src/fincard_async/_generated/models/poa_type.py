# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""PoaType: an open integer enum."""

from __future__ import annotations

from enum import IntEnum

from ..types import open_enum_member

__all__ = ["PoaType"]


class PoaType(IntEnum):
    """Values the spec documents. Unknown values from the server still parse (open enum)."""

    VALUE_1 = 1
    VALUE_2 = 2

    @classmethod
    def _missing_(cls, value: object) -> PoaType | None:
        # The vendor adds values over time; a new one must never break parsing.
        return open_enum_member(cls, value, int)
