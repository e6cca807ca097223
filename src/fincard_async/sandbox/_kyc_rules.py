"""The rules of a HyperCard card application (``applyCard``) that need the card type.

Every static rule (lengths, patterns, IP formats, non-empty images, the ``doc_never_expire``
and ``poa_type`` conditions) is checked from the OpenAPI document, by the contract check that
runs on every request before the handler (``_contract.py``). What remains here are the rules
listed in ``x-fincard-rules`` of ``CardApplyKycInfo``, which need the card type: document
types, proof of address, country and nationality limits, and the address regex. The SDK
implements them too (``fincard_async._card_rules``), on purpose independently, and a test
requires both to give the same verdicts.

Each check returns messages of the form ``"kyc_info.field: what is wrong"``; the handler
answers ``A0003`` with all of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ._card_types import CardTypeRules

__all__ = ["application_errors", "file_kind"]

Fields = Mapping[str, Any]

_MAGIC: Final = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf"))


def file_kind(raw: bytes) -> str | None:
    """``jpg``, ``png`` or ``pdf`` judged by content (magic bytes), whatever the file name."""
    return next((kind for magic, kind in _MAGIC if raw.startswith(magic)), None)


def application_errors(
    body: Fields, card_type: CardTypeRules, address_pattern: re.Pattern[str] | None
) -> list[str]:
    """Every broken card-type rule of an application the contract check already accepted."""
    kyc = body.get("kyc_info")
    if not isinstance(kyc, Mapping):
        return ["kyc_info: an object required"]
    return _card_type_errors(kyc, card_type) + _address_errors(kyc, address_pattern)


def _poa_errors(kyc: Fields, need_poa: bool, supported: frozenset[int]) -> list[str]:
    poa_type = kyc.get("poa_type")
    if poa_type is None:
        return (
            ["kyc_info.poa_type: is required by this card type (need_poa = 1)"] if need_poa else []
        )
    if supported and poa_type not in supported:
        return [f"kyc_info.poa_type: this card type supports {sorted(supported)}"]
    return []


def _card_type_errors(kyc: Fields, card_type: CardTypeRules) -> list[str]:
    errors = _poa_errors(kyc, card_type.need_poa, card_type.poa_types)
    doc_type = kyc.get("doc_type")
    # D20: a card type that states no document types does not restrict them
    if card_type.doc_types and doc_type not in card_type.doc_types:
        errors.append(f"kyc_info.doc_type: this card type supports {sorted(card_type.doc_types)}")
    limits = (("country_id", card_type.countries), ("nationality_id", card_type.nationalities))
    for name, allowed in limits:
        if allowed and kyc.get(name) not in allowed:
            errors.append(f"kyc_info.{name}: this card type accepts {sorted(allowed)}")
    return errors


def _address_errors(kyc: Fields, pattern: re.Pattern[str] | None) -> list[str]:
    address = kyc.get("address")
    if pattern is None or not isinstance(address, str) or pattern.fullmatch(address):
        return []
    return ["kyc_info.address: does not match the address format of this card type"]
