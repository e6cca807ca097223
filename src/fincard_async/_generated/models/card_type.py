# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardType: A card type the merchant may issue. **D12:** the vendor adds fields over..."""

from __future__ import annotations

from attrs import define

__all__ = ["CardType"]


@define(kw_only=True)
class CardType:
    """A card type the merchant may issue. **D12:** the vendor adds fields over time: unknown
    fields are ignored. Observed answers mix integers and numeric strings for the same
    field (`apply_type`, `need_poa`, `status`) and carry lists as comma-separated strings,
    sometimes even as JSON-array text inside the string (`"[1,3]"`): parse leniently.

    Attributes:
        card_type_id: wire name `card_type_id`
        card_type_name: Display name (seen in public integrations).
        card_brand: Card scheme, e.g. `VISA` (seen in public integrations).
        currency: Card currency, e.g. `USD` (seen in public integrations).
        apply_type: Which apply endpoint to use; 1 = basic (`applyCard`). Integer or numeric string.
        doc_type: Supported document types (`doc_type` of `applyCard`), comma list or JSON-array
            text.
        need_poa: 1 = proof of address (`poa_type`) required, 0 = not. Integer or numeric string.
        support_poa_type: Supported `poa_type` values, comma list or JSON-array text.
        kyc_country_limit_short: Allowed `country_id` values (alpha-2), comma list or JSON-array text; empty = no
            limit.
        kyc_nationality_limit_short: Allowed `nationality_id` values (alpha-2), comma list or JSON-array text; empty
            = no limit.
        status: Card type status. Integer or numeric string.
    """

    card_type_id: str
    card_type_name: str | None = None
    card_brand: str | None = None
    currency: str | None = None
    apply_type: int | str | None = None
    doc_type: str | None = None
    need_poa: int | str | None = None
    support_poa_type: str | None = None
    kyc_country_limit_short: str | None = None
    kyc_nationality_limit_short: str | None = None
    status: int | str | None = None
