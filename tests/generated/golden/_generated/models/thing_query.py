# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""ThingQuery: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["ThingQuery"]


@define(kw_only=True)
class ThingQuery:
    """ThingQuery

    Attributes:
        page_num: wire name `pageNum`
        name_like: wire name `nameLike`
    """

    page_num: int = 1
    name_like: str | None = None
