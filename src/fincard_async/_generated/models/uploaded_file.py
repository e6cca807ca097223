# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadedFile: a data model"""

from __future__ import annotations

from attrs import define

__all__ = ["UploadedFile"]


@define(kw_only=True)
class UploadedFile:
    """UploadedFile

    Attributes:
        file_id: A UUID as text. Refer to it from KYC data and work orders exactly as sent
            (upper- or lower-case).
    """

    file_id: str
