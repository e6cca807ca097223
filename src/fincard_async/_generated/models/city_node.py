# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CityNode: A province/state (`parentCode` is `"0"`) or a city under it. Two levels in..."""

from __future__ import annotations

from attrs import define

__all__ = ["CityNode"]


@define(kw_only=True)
class CityNode:
    """A province/state (`parentCode` is `"0"`) or a city under it. Two levels in practice,
    modelled recursively.

    Attributes:
        code: wire name `code`
        name: wire name `name`
        country: ISO 3166-1 alpha-2.
        parent_code: Code of the parent node; `"0"` at the root.
        country_standard_code: ISO 3166-1 alpha-3.
        children: wire name `children`
    """

    code: str
    name: str
    country: str
    parent_code: str
    country_standard_code: str | None = None
    children: list[CityNode] | None = None
