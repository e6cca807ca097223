# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""RegionListEnvelope: Success answer (D4): `success` true, `code` 200 and `data` present. Any..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from attrs import define

if TYPE_CHECKING:
    from ..models.region import Region

__all__ = ["RegionListEnvelope"]


@define(kw_only=True)
class RegionListEnvelope:
    """Success answer (D4): `success` true, `code` 200 and `data` present. Any other answer is a
    `FinHubErrorEnvelope`.

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: Literal[True]
    code: Literal[200]
    msg: str
    data: list[Region]
