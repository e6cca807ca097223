# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardApplyRequest: Card application. The top-level fields are signed individually; `base_info`..."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    from ..models.card_apply_base_info import CardApplyBaseInfo
    from ..models.card_apply_kyc_info import CardApplyKycInfo

__all__ = ["CardApplyRequest"]


@define(kw_only=True)
class CardApplyRequest:
    """Card application. The top-level fields are signed individually; `base_info` and
    `kyc_info` are written into the canonical string by the nested-value writer (D7).

    Attributes:
        mc_trade_no: Merchant-defined transaction id. **D6:** generated once per logical application
            and reused on every retry; `A0005` means it was already used (D8). **D16:** the
            alphabet `[A-Za-z0-9_-]` is our decision (the vendor only says 1..64
            characters).
        base_info: wire name `base_info`
        kyc_info: Cardholder KYC data. Types follow the vendor's field table, not its example
            request
            (D10). Images are base64 text; size limits are measured on the base64 text as
            sent:
            2 MB = 2,000,000 characters, so "< 2 MB" is `maxLength: 1999999` and "< 1 MB" is
            `maxLength: 999999` (D9).

            **Conditional rules** (checked by the SDK before sending; all listed in
            `x-fincard-rules`; the first two are also expressed as JSON Schema `if`/`then`
            in
            `allOf`):
            - `doc_never_expire` 0 requires `doc_expire_date`; with 1 the date is ignored.
            - `poa_type` 1 (self-provided) requires `poa_doc`.
            - `poa_type` is required when the card type's `need_poa` is 1.
            - `poa_type` must be one of the card type's `support_poa_type`.
            - `country_id` must be one of the card type's `kyc_country_limit_short` when it
            is not empty.
            - `nationality_id` must be one of the card type's `kyc_nationality_limit_short`
            when it is not empty.
            - `doc_type` must be one of the card type's `doc_type` values.
            - `address` must match the card type's address regex (vendor appendix;
            configurable per `card_type_id`, D11).
    """

    mc_trade_no: str
    base_info: CardApplyBaseInfo
    kyc_info: CardApplyKycInfo
