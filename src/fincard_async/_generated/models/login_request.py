# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""LoginRequest: a data model"""

from __future__ import annotations

from attrs import define, field

from ..types import redacted

__all__ = ["LoginRequest"]


@define(kw_only=True)
class LoginRequest:
    """LoginRequest

    Attributes:
        email: wire name `email`
        password: wire name `password`
        tenant_id: wire name `tenantId`
    """

    email: str = field(repr=redacted)
    password: str = field(repr=redacted)
    tenant_id: str
