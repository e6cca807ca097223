# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""UploadedFile: a data model"""

from __future__ import annotations

from uuid import UUID

from attrs import define

__all__ = ["UploadedFile"]


@define(kw_only=True)
class UploadedFile:
    """UploadedFile

    Attributes:
        file_id: Refer to it from KYC data and work orders.
    """

    file_id: UUID
