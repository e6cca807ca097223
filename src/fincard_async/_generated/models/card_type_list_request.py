# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardTypeListRequest: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["CardTypeListRequest"]


@define(kw_only=True)
class CardTypeListRequest:
    """CardTypeListRequest

    Attributes:
        card_type_id: Restrict the answer to one card type.
    """

    card_type_id: str | None = None
