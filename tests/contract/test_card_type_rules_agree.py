"""The card-type rules live twice on purpose (SDK and sandbox); they must give the same verdicts.

Both implementations read the same loose card types and judge the same wire-shaped
applications. The one known difference is documented: the sandbox refuses a card type whose
``status`` is not 1 (a business refusal, ``A0000``), which the SDK does not check because the
vendor does not document the values of ``status``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any, Final

import pytest

from fincard_async._card_rules import CardTypeRules, address_violations, card_type_violations
from fincard_async._conversion import make_converter
from fincard_async._generated.models import CardType
from fincard_async.sandbox._card_types import (
    DEFAULT_ADDRESS_PATTERNS,
    DEFAULT_CARD_TYPES,
    read_card_type,
)
from fincard_async.sandbox._kyc_rules import application_errors

from .conftest import NEUTRAL_CARD_TYPE

CARD_TYPES: Final = [
    *[c for c in DEFAULT_CARD_TYPES if str(c.get("status")) == "1"],
    NEUTRAL_CARD_TYPE,
    {**NEUTRAL_CARD_TYPE, "card_type_id": "90002", "doc_type": "[2]", "need_poa": "1"},
    {**NEUTRAL_CARD_TYPE, "card_type_id": "90003", "kyc_country_limit_short": '["SG"]'},
]
_DOCS: Final[list[dict[str, Any]]] = [{"doc_type": n} for n in (1, 2, 3, 4)]
_POAS: Final[list[dict[str, Any]]] = [{}, {"poa_type": 1, "poa_doc": "JVBERi0x"}, {"poa_type": 2}]
_COUNTRIES: Final[list[dict[str, Any]]] = [
    {"country_id": "US", "nationality_id": "US"},
    {"country_id": "GB", "nationality_id": "CA"},
    {"country_id": "SG", "nationality_id": "DE"},
    {"country_id": "HK", "nationality_id": "HK"},
]
_ADDRESSES: Final[list[dict[str, Any]]] = [
    {"address": "1 Main Street"},
    {"address": "<script>"},
    {"address": "香港中環1號"},
]
KYC_VARIANTS: Final[list[dict[str, Any]]] = [
    {**doc, **poa, **country, **address}
    for doc, poa, country, address in itertools.product(_DOCS, _POAS, _COUNTRIES, _ADDRESSES)
]


def _sdk_refuses(raw: Mapping[str, Any], kyc: Mapping[str, Any]) -> bool:
    card_type = make_converter().structure(dict(raw), CardType)
    rules = CardTypeRules.from_card_type(card_type)
    card_type_id = str(raw["card_type_id"])
    found = card_type_violations({"card_type_id": card_type_id}, kyc, rules)
    found += address_violations(card_type_id, kyc.get("address"), DEFAULT_ADDRESS_PATTERNS)
    return bool(found)


def _sandbox_refuses(raw: Mapping[str, Any], kyc: Mapping[str, Any]) -> bool:
    rules = read_card_type(raw)
    if rules.apply_type != 1:  # answered A0000 before the rules run
        return True
    pattern = DEFAULT_ADDRESS_PATTERNS.get(rules.card_type_id)
    compiled = re.compile(pattern) if pattern is not None else None
    return bool(application_errors({"kyc_info": kyc}, rules, compiled))


@pytest.mark.parametrize("raw", CARD_TYPES, ids=[str(c["card_type_id"]) for c in CARD_TYPES])
def test_sdk_and_sandbox_card_type_rules_agree(raw: Mapping[str, Any]) -> None:
    disagreements = [
        kyc for kyc in KYC_VARIANTS if _sdk_refuses(raw, kyc) != _sandbox_refuses(raw, kyc)
    ]
    assert not disagreements, disagreements[:5]
    verdicts = {_sdk_refuses(raw, kyc) for kyc in KYC_VARIANTS}
    basic = str(raw.get("apply_type")) == "1"
    if raw is NEUTRAL_CARD_TYPE:
        assert verdicts == {False}  # limits nothing (no address regex for it either)
    else:
        assert verdicts == ({True, False} if basic else {True})


def test_a_card_type_without_document_types_restricts_none_in_both() -> None:
    # D20: decided and documented, never a silent skip in one reader only
    for doc_type in (1, 7, 99):
        kyc = {"doc_type": doc_type, "country_id": "US", "nationality_id": "US"}
        assert not _sdk_refuses(NEUTRAL_CARD_TYPE, kyc)
        assert not _sandbox_refuses(NEUTRAL_CARD_TYPE, kyc)
