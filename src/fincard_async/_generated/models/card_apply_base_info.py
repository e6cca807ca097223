# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""CardApplyBaseInfo: a data model"""

from __future__ import annotations

from attrs import define, field

from ..types import redacted

__all__ = ["CardApplyBaseInfo"]


@define(kw_only=True)
class CardApplyBaseInfo:
    """CardApplyBaseInfo

    Attributes:
        card_type_id: From `listCardTypes`; must be one of the merchant's card types (`x-fincard-
            rules`).
        email: An address `local@domain.tld` without spaces, at most 64 characters.
        first_name: wire name `first_name`
        last_name: wire name `last_name`
        mobile: Mobile number without the dialling code, 6..11 digits (D16).
        mobile_code: Dialling code, e.g. `+1` (D16).
        user_ip: Cardholder's IP address (D15); leave it out rather than send `""`.
        first_recharge_amount: Amount as a decimal string, greater than 0. May be empty when pre-applying.
    """

    card_type_id: str
    email: str = field(repr=redacted)
    first_name: str = field(repr=redacted)
    last_name: str = field(repr=redacted)
    mobile: str = field(repr=redacted)
    mobile_code: str
    user_ip: str | None = field(default=None, repr=redacted)
    first_recharge_amount: str | None = None
