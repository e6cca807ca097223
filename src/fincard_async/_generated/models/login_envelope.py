# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""LoginEnvelope: Success answer wrapping a `LoginResult` (D1): `success` true, `code` 200,..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from attrs import define

if TYPE_CHECKING:
    from ..models.login_result import LoginResult

__all__ = ["LoginEnvelope"]


@define(kw_only=True)
class LoginEnvelope:
    """Success answer wrapping a `LoginResult` (D1): `success` true, `code` 200, `data` present
    (D4). A refused login is a `FinHubErrorEnvelope`.

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: Bearer token. Documented bare (without the envelope).
    """

    success: Literal[True]
    code: Literal[200]
    msg: str
    data: LoginResult
