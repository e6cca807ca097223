# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadThingBody: a data model"""

from __future__ import annotations

from attrs import define

from ..models.kind import Kind
from ..types import File

__all__ = ["UploadThingBody"]


@define(kw_only=True)
class UploadThingBody:
    """UploadThingBody

    Attributes:
        file: wire name `file`
        kind: wire name `kind`
        note: wire name `note`
    """

    file: File
    kind: Kind
    note: str | None = None
