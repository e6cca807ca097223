# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""LoginEnvelope: FinHub envelope whose `data` is a `LoginResult` (D1). `data` is `null` on..."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.login_result import LoginResult

__all__ = ["LoginEnvelope"]


@define(kw_only=True)
class LoginEnvelope:
    """FinHub envelope whose `data` is a `LoginResult` (D1). `data` is `null` on business errors
    (D4).

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: bool
    code: int
    msg: str
    data: LoginResult | None
