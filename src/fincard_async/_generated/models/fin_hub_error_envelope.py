# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""FinHubErrorEnvelope: FinHub envelope of an error answer: HTTP 400, 401, 500, or HTTP 200..."""

from __future__ import annotations

from typing import Any

from attrs import define

__all__ = ["FinHubErrorEnvelope"]


@define(kw_only=True)
class FinHubErrorEnvelope:
    """FinHub envelope of an error answer: HTTP 400, 401, 500, or HTTP 200 with
    `success: false` or a `code` other than 200 (D4). A missing required header answers
    HTTP 400 with `code` 500 (doc). Documented codes: 200 ok, -1 business error,
    401 unauthorized, 500 server error. `success: true` with `code` 200 is never an error
    (the `not` below), so success and error answers are disjoint.

    Attributes:
        success: wire name `success`
        code: Envelope code: 200 ok, -1 business error, 401 unauthorized, 500 server error.
        msg: wire name `msg`
        data: Usually `null` or absent on errors; any JSON value.
    """

    success: bool
    code: int
    msg: str
    data: Any | None = None
