# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""HyperCardLang: an open string enum."""

from __future__ import annotations

from enum import StrEnum

from ..types import open_enum_member

__all__ = ["HyperCardLang"]


class HyperCardLang(StrEnum):
    """Values the spec documents. Unknown values from the server still parse (open enum).

    ``HyperCardLang("new_value")`` returns a member that is not in the class listing,
    keeps its raw ``value``, and serialises back unchanged; ``is_known_member()`` tells them apart.
    """

    EN = "en"
    ZH_CN = "zh-CN"

    @classmethod
    def _missing_(cls, value: object) -> HyperCardLang | None:
        # The vendor adds values over time; a new one must never break parsing.
        return open_enum_member(cls, value, str)
