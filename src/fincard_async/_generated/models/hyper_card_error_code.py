# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""HyperCardErrorCode: an open string enum."""

from __future__ import annotations

from enum import StrEnum

from ..types import open_enum_member

__all__ = ["HyperCardErrorCode"]


class HyperCardErrorCode(StrEnum):
    """Values the spec documents. Unknown values from the server still parse (open enum).

    ``HyperCardErrorCode("new_value")`` returns a member that is not in the class listing,
    keeps its raw ``value``, and serialises back unchanged; ``is_known_member()`` tells them apart.
    """

    A0000 = "A0000"
    A0001 = "A0001"
    A0002 = "A0002"
    A0003 = "A0003"
    A0004 = "A0004"
    A0005 = "A0005"
    A0006 = "A0006"
    A0007 = "A0007"
    B0000 = "B0000"
    B0001 = "B0001"
    C0000 = "C0000"
    VALUE_0 = "00000"

    @classmethod
    def _missing_(cls, value: object) -> HyperCardErrorCode | None:
        # The vendor adds values over time; a new one must never break parsing.
        return open_enum_member(cls, value, str)
