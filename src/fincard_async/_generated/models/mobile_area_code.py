# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""MobileAreaCode: a data model"""

from __future__ import annotations

from attrs import define

from ..models.mobile_code_language import MobileCodeLanguage

__all__ = ["MobileAreaCode"]


@define(kw_only=True)
class MobileAreaCode:
    """MobileAreaCode

    Attributes:
        code: Dialling code with a leading `+`, e.g. `+1`; a sub-code is joined with `-`
            (e.g. `+1-684`), so the pattern is lenient.
        name: Country name in `language`.
        area_code: ISO 3166-1 alpha-2.
        language: Language of the `name` text.
        enable_global_transfer: wire name `enableGlobalTransfer`
    """

    code: str
    name: str
    area_code: str
    language: MobileCodeLanguage | None = None
    enable_global_transfer: bool | None = None
