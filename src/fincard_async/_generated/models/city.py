# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""City: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["City"]


@define(kw_only=True)
class City:
    """City

    Attributes:
        code: wire name `code`
        name: wire name `name`
        country: ISO 3166-1 alpha-2.
        country_standard_code: ISO 3166-1 alpha-3; present in some answers only.
    """

    code: str
    name: str
    country: str
    country_standard_code: str | None = None
