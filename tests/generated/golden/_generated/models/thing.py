# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""Thing: a data model"""

from __future__ import annotations

from attrs import define, field

from ..types import redacted

__all__ = ["Thing"]


@define(kw_only=True)
class Thing:
    """Thing

    Attributes:
        thing_id: wire name `thingId`
        doc_no: wire name `doc_no`
        parts: wire name `parts`
    """

    thing_id: str
    doc_no: str | None = field(default=None, repr=redacted)
    parts: list[Thing] | None = None
