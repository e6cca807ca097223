# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""MobileAreaCodeListRequest: No parameters; send `{}`."""

from __future__ import annotations

from attrs import define

__all__ = ["MobileAreaCodeListRequest"]


@define(kw_only=True)
class MobileAreaCodeListRequest:
    """No parameters; send `{}`.

    Attributes:
    """

    pass
