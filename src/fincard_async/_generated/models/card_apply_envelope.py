# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardApplyEnvelope: Success answer of `applyCard` (`code` `"00000"`); `data` is not specified by..."""

from __future__ import annotations

from typing import Any, Literal

from attrs import define

__all__ = ["CardApplyEnvelope"]


@define(kw_only=True)
class CardApplyEnvelope:
    """Success answer of `applyCard` (`code` `"00000"`); `data` is not specified by the vendor (D8,
    D18).

    Attributes:
        code: `00000`: success.
        msg: wire name `msg`
        data: Not specified by the vendor; any JSON value.
    """

    code: Literal["00000"]
    msg: str
    data: Any | None = None
