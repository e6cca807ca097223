# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardTypeListEnvelope: Success answer of `listCardTypes` (`code` `"00000"`) with the card types in..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from attrs import define

if TYPE_CHECKING:
    from ..models.card_type import CardType

__all__ = ["CardTypeListEnvelope"]


@define(kw_only=True)
class CardTypeListEnvelope:
    """Success answer of `listCardTypes` (`code` `"00000"`) with the card types in `data` (D18).
    Errors are `HyperCardErrorEnvelope`.

    Attributes:
        code: `00000`: success.
        msg: wire name `msg`
        data: wire name `data`
    """

    code: Literal["00000"]
    msg: str
    data: list[CardType]
