# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""Region: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["Region"]


@define(kw_only=True)
class Region:
    """Region

    Attributes:
        code: ISO 3166-1 alpha-2.
        standard_code: ISO 3166-1 alpha-3.
        name: wire name `name`
    """

    code: str
    standard_code: str
    name: str
