# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""HyperCardEnvelope: HyperCard envelope. `code == "00000"` (with `msg: "ok"`) is success; any..."""

from __future__ import annotations

from typing import Any

from attrs import define

__all__ = ["HyperCardEnvelope"]


@define(kw_only=True)
class HyperCardEnvelope:
    """HyperCard envelope. `code == "00000"` (with `msg: "ok"`) is success; any other code is
    an error, normally answered with HTTP 200 (D8). See `HyperCardErrorCode`.

    Attributes:
        code: `00000` on success; otherwise one of `HyperCardErrorCode` (kept open).
        msg: wire name `msg`
        data: Operation-specific; any JSON value.
    """

    code: str
    msg: str
    data: Any | None = None
