# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadFileEnvelope: a data model"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.uploaded_file import UploadedFile

__all__ = ["UploadFileEnvelope"]


@define(kw_only=True)
class UploadFileEnvelope:
    """UploadFileEnvelope

    Attributes:
        success: wire name `success`
        code: wire name `code`
        msg: wire name `msg`
        data: wire name `data`
    """

    success: bool
    code: int
    msg: str
    data: UploadedFile | None
