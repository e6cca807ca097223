# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadFileForm: Multipart form. `file` is a jpg, png or pdf of at most 2 MB (raw bytes)."""

from __future__ import annotations

from attrs import define

from ..models.upload_category import UploadCategory
from ..types import File

__all__ = ["UploadFileForm"]


@define(kw_only=True)
class UploadFileForm:
    """Multipart form. `file` is a jpg, png or pdf of at most 2 MB (raw bytes).

    Attributes:
        category: Upload category; `card` is the only documented value.
        file: The file (jpg, png or pdf; at most 2 MB).
    """

    category: UploadCategory
    file: File
