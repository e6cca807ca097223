# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""HyperCardErrorEnvelope: HyperCard error answer: any `code` other than `"00000"` (D8, D18), normally..."""

from __future__ import annotations

from typing import Any

from attrs import define

__all__ = ["HyperCardErrorEnvelope"]


@define(kw_only=True)
class HyperCardErrorEnvelope:
    """HyperCard error answer: any `code` other than `"00000"` (D8, D18), normally with HTTP
    200. See `HyperCardErrorCode`; new codes do not break parsing.

    Attributes:
        code: One of `HyperCardErrorCode` (kept open).
        msg: wire name `msg`
        data: Usually absent or `null` on errors; any JSON value.
    """

    code: str
    msg: str
    data: Any | None = None
