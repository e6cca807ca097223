"""HyperCard card types: the loose shapes the vendor really sends, and their clean reading.

The raw card types are served as they are (integers and numeric strings mixed, lists as
comma text or JSON-array text, unknown extra fields), so clients must parse leniently. The
sandbox itself reads them with :func:`read_card_type` to enforce the ``applyCard`` rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs
import orjson

__all__ = [
    "DEFAULT_ADDRESS_PATTERNS",
    "DEFAULT_CARD_TYPES",
    "CardTypeRules",
    "read_card_type",
]

# Document types: 1 passport, 2 national id card, 3 driving licence.
DEFAULT_CARD_TYPES: Final[tuple[Mapping[str, Any], ...]] = (
    {
        "card_type_id": "10001",
        "card_type_name": "Virtual USD Visa",
        "card_brand": "VISA",
        "currency": "USD",
        "apply_type": 1,
        "doc_type": "1,2,3",
        "need_poa": 0,
        "support_poa_type": "1,2",
        "kyc_country_limit_short": "",
        "kyc_nationality_limit_short": "",
        "status": 1,
        "bin_prefix": "485932",
    },
    {
        "card_type_id": "10002",
        "card_type_name": "Virtual USD Mastercard",
        "card_brand": "MASTERCARD",
        "currency": "USD",
        "apply_type": "1",
        "doc_type": "[1,3]",
        "need_poa": "1",
        "support_poa_type": "1",
        "kyc_country_limit_short": "US,GB",
        "kyc_nationality_limit_short": '["US","GB","CA"]',
        "status": "1",
        "monthly_fee": "1.50",
    },
    {
        "card_type_id": "10003",
        "card_type_name": "Virtual HKD UnionPay",
        "card_brand": "UNIONPAY",
        "currency": "HKD",
        "apply_type": 1,
        "doc_type": "2",
        "need_poa": 1,
        "support_poa_type": "1, 2",
        "kyc_country_limit_short": '["HK","SG"]',
        "kyc_nationality_limit_short": "",
        "status": 1,
    },
    {
        "card_type_id": "20001",
        "card_type_name": "Express USD Visa",
        "card_brand": "VISA",
        "currency": "USD",
        "apply_type": "2",
        "doc_type": "1",
        "need_poa": 0,
        "support_poa_type": "",
        "kyc_country_limit_short": "",
        "kyc_nationality_limit_short": "",
        "status": 1,
    },
    {
        "card_type_id": "10009",
        "card_type_name": "Retired EUR Visa",
        "card_brand": "VISA",
        "currency": "EUR",
        "apply_type": 1,
        "doc_type": "1",
        "need_poa": "0",
        "support_poa_type": "1",
        "kyc_country_limit_short": "",
        "kyc_nationality_limit_short": "",
        "status": "0",
    },
)

_LATIN_ADDRESS: Final = r"^[A-Za-z0-9][A-Za-z0-9 ,.'#/()-]{4,255}$"
DEFAULT_ADDRESS_PATTERNS: Final[Mapping[str, str]] = {
    "10001": _LATIN_ADDRESS,
    "10002": _LATIN_ADDRESS,
    "10003": r"^[\w][\w ,.'#/()-]{4,255}$",
}
"""Per-card-type address regexes (the vendor appendix is unreadable: these are ours)."""


@attrs.frozen(kw_only=True)
class CardTypeRules:
    """What ``applyCard`` needs from a card type, in clean Python types."""

    card_type_id: str
    apply_type: int | None
    status: int | None
    doc_types: frozenset[int]
    need_poa: bool
    poa_types: frozenset[int]
    countries: frozenset[str]
    nationalities: frozenset[str]

    @property
    def active(self) -> bool:
        """Status 1 means the card type can be applied for."""
        return self.status == 1


def read_card_type(raw: Mapping[str, Any]) -> CardTypeRules:
    """Read a loose card type the way a lenient client should."""
    return CardTypeRules(
        card_type_id=str(raw["card_type_id"]),
        apply_type=_as_int(raw.get("apply_type")),
        status=_as_int(raw.get("status")),
        doc_types=frozenset(_as_ints(raw.get("doc_type"))),
        need_poa=_as_int(raw.get("need_poa")) == 1,
        poa_types=frozenset(_as_ints(raw.get("support_poa_type"))),
        countries=frozenset(item.upper() for item in _as_list(raw.get("kyc_country_limit_short"))),
        nationalities=frozenset(
            item.upper() for item in _as_list(raw.get("kyc_nationality_limit_short"))
        ),
    )


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _as_ints(value: Any) -> list[int]:
    return [number for item in _as_list(value) if (number := _as_int(item)) is not None]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return _as_list(parsed)
    return [item.strip() for item in text.strip("[]").split(",") if item.strip()]
