# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""ThingPage: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.thing import Thing

__all__ = ["ThingPage"]


@define(kw_only=True)
class ThingPage:
    """ThingPage

    Attributes:
        total: wire name `total`
        items: wire name `items`
    """

    total: int
    items: list[Thing]
