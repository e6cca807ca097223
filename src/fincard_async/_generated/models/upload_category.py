# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadCategory: an open string enum."""

from __future__ import annotations

from enum import StrEnum

from ..types import open_enum_member

__all__ = ["UploadCategory"]


class UploadCategory(StrEnum):
    """Values the spec documents. Unknown values from the server still parse (open enum).

    ``UploadCategory("new_value")`` returns a member that is not in the class listing,
    keeps its raw ``value``, and serialises back unchanged; ``is_known_member()`` tells them apart.
    """

    CARD = "card"

    @classmethod
    def _missing_(cls, value: object) -> UploadCategory | None:
        # The vendor adds values over time; a new one must never break parsing.
        return open_enum_member(cls, value, str)
