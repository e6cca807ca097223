# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""MobileAreaCodeListEnvelope: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.mobile_area_code import MobileAreaCode

__all__ = ["MobileAreaCodeListEnvelope"]


@define(kw_only=True)
class MobileAreaCodeListEnvelope:
    """MobileAreaCodeListEnvelope

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: bool
    code: int
    msg: str
    data: list[MobileAreaCode] | None
