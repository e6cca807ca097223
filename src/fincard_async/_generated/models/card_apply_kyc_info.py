# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardApplyKycInfo: Cardholder KYC data. Types follow the vendor's field table, not its example..."""

from __future__ import annotations

from attrs import define, field

from ..models.doc_never_expire import DocNeverExpire
from ..models.gender import Gender
from ..models.poa_type import PoaType
from ..types import redacted

__all__ = ["CardApplyKycInfo"]


@define(kw_only=True)
class CardApplyKycInfo:
    """Cardholder KYC data. Types follow the vendor's field table, not its example request
    (D10). Images are base64 text; size limits are measured on the base64 text as sent:
    2 MB = 2,000,000 characters, so "< 2 MB" is `maxLength: 1999999` and "< 1 MB" is
    `maxLength: 999999` (D9).

    **Conditional rules** (checked by the SDK before sending; all listed in
    `x-fincard-rules`; the first two are also expressed as JSON Schema `if`/`then` in
    `allOf`):
    - `doc_never_expire` 0 requires `doc_expire_date`; with 1 the date is ignored.
    - `poa_type` 1 (self-provided) requires `poa_doc`.
    - `poa_type` is required when the card type's `need_poa` is 1.
    - `poa_type` must be one of the card type's `support_poa_type`.
    - `country_id` must be one of the card type's `kyc_country_limit_short` when it is not
    empty.
    - `nationality_id` must be one of the card type's `kyc_nationality_limit_short` when it is
    not empty.
    - `doc_type` must be one of the card type's `doc_type` values.
    - `address` must match the card type's address regex (vendor appendix; configurable per
    `card_type_id`, D11).

    Attributes:
        address: Must also match the card type's address regex (configurable per `card_type_id`,
            D11).
        birthday: `yyyy-MM-dd` (month 01..12, day 01..31; kept a string, not `format: date`, so
            generated clients keep the text as sent).
        city: wire name `city`
        country_id: An assigned ISO 3166-1 alpha-2 code (the pattern lists all 249); one of the card
            type's `kyc_country_limit_short` when that is not empty.
        doc_no: Document number. A string, although the vendor example shows a number (D10,
            D19); a number is refused, never converted.
        doc_type: One of the card type's supported document types (`CardType.doc_type`).
        emergency_contact: wire name `emergency_contact`
        front_doc: Base64 image of the document's front (jpg/jpeg/png), < 2 MB as base64 text (D9).
        gender: 1 male, 2 female.
        mix_doc: Base64 photo of the person holding the document, < 2 MB as base64 text (D9).
        nationality_id: An assigned ISO 3166-1 alpha-2 code (D21); one of the card type's
            `kyc_nationality_limit_short` when that is not empty.
        sign_img: Base64 signature image, < **1 MB** as base64 text (D9).
        state: wire name `state`
        zip_code: wire name `zip_code`
        doc_never_expire: 1 the document never expires (`doc_expire_date` ignored); 0 it expires
            (`doc_expire_date` required).
        back_doc: Base64 image of the document's back (jpg/jpeg/png), < 2 MB as base64 text (D9).
        doc_expire_date: `yyyy-MM-dd` (month 01..12, day 01..31); required when `doc_never_expire` is 0
            (leave it out rather than send `""`).
        poa_doc: Base64 proof of address (jpg/jpeg/png/pdf), < 2 MB as base64 text (D9); required
            when `poa_type` is 1.
        poa_type: Proof of address. 1 self-provided (`poa_doc` required); 2 assisted.
    """

    address: str = field(repr=redacted)
    birthday: str = field(repr=redacted)
    city: str = field(repr=redacted)
    country_id: str
    doc_no: str = field(repr=redacted)
    doc_type: int
    emergency_contact: str = field(repr=redacted)
    front_doc: str = field(repr=redacted)
    gender: Gender
    mix_doc: str = field(repr=redacted)
    nationality_id: str
    sign_img: str = field(repr=redacted)
    state: str = field(repr=redacted)
    zip_code: str = field(repr=redacted)
    doc_never_expire: DocNeverExpire
    back_doc: str | None = field(default=None, repr=redacted)
    doc_expire_date: str | None = field(default=None, repr=redacted)
    poa_doc: str | None = field(default=None, repr=redacted)
    poa_type: PoaType | None = None
