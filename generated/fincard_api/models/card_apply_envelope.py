# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardApplyEnvelope: Answer of `applyCard`; the envelope only (`data` is not specified) (D8)."""

from __future__ import annotations

from typing import Any

from attrs import define

__all__ = ["CardApplyEnvelope"]


@define(kw_only=True)
class CardApplyEnvelope:
    """Answer of `applyCard`; the envelope only (`data` is not specified) (D8).

    Attributes:
        code: `00000` on success; otherwise one of `HyperCardErrorCode`.
        msg: wire name `msg`
        data: Not specified by the vendor; any JSON value.
    """

    code: str
    msg: str
    data: Any | None = None
