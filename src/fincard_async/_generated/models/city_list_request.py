# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CityListRequest: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["CityListRequest"]


@define(kw_only=True)
class CityListRequest:
    """CityListRequest

    Attributes:
        region_code: ISO 3166-1 alpha-2; all cities when absent.
    """

    region_code: str | None = None
