# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""LoginResult: Bearer token. Documented bare (without the envelope)."""

from __future__ import annotations

from attrs import define, field

from ..types import redacted

__all__ = ["LoginResult"]


@define(kw_only=True)
class LoginResult:
    """Bearer token. Documented bare (without the envelope).

    Attributes:
        access_token: The bearer token, sent back in the `Authorization` header as `Bearer <token>`
            (D24).
        expires_in: Lifetime in seconds (3600).
        token_type: Token type, e.g. `Bearer`.
    """

    access_token: str = field(repr=redacted)
    expires_in: int
    token_type: str | None = None
