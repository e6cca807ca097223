# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardTypeListEnvelope: Answer of `listCardTypes`; `data` is absent or `null` on errors (D8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.card_type import CardType

__all__ = ["CardTypeListEnvelope"]


@define(kw_only=True)
class CardTypeListEnvelope:
    """Answer of `listCardTypes`; `data` is absent or `null` on errors (D8).

    Attributes:
        code: `00000` on success; otherwise one of `HyperCardErrorCode`.
        msg: wire name `msg`
        data: wire name `data`
    """

    code: str
    msg: str
    data: list[CardType] | None = None
