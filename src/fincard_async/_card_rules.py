"""Card-type rules: the merchant card list read leniently, and the apply checks built on it.

HyperCard's card list mixes integers and numeric strings for one field, and carries lists as
comma-separated text, JSON-array text (``'["US","GB"]'``, ``"[1,3]"``) or real arrays (which
the converter hands us as their Python text, ``"['US', 'GB']"``).
:meth:`CardTypeRules.from_card_type` reads all of these into clean Python types.

Reading policy:

* **Absent, ``null``, ``""`` or ``"[]"``** means "not stated": no country or nationality limit,
  ``need_poa`` false, document and proof-of-address types not restricted (decision D20 of the
  spec; the sandbox reads it the same way, and a test holds both to it), ``status`` and
  ``apply_type`` ``None``.
* **Present but unreadable** (``need_poa: "maybe"``, ``doc_type: "passport"``, a country that
  is not two letters) raises :class:`APIResponseValidationError` naming the card type and the
  field. A limit we cannot read is never taken for "no limit": that would let an application
  through that the server refuses, or worse, accepts against the merchant's rules.
* ``status`` is informational (no check uses it: its values are not documented) and reads
  as ``None`` when unreadable.
* Unknown fields are ignored (the vendor adds fields over time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from fincard_async._generated.models import CardType

from ._exceptions import APIResponseValidationError, ConfigurationError, Violation

__all__ = ["CardTypeRules", "address_violations", "card_type_violations"]

_SEPARATORS: Final = re.compile(r"[,;\s]+")
_ALPHA2: Final = re.compile(r"[A-Z]{2}")
_INTEGER: Final = re.compile(r"[+-]?\d+")
_TRUE: Final = frozenset({"1", "true", "yes", "y"})
_FALSE: Final = frozenset({"0", "false", "no", "n"})
_OPERATION: Final = "listCardTypes"


class _Unreadable(ValueError):
    """A value of a known field has a shape we cannot read."""


def _fail(card_type_id: str, field: str, why: str) -> APIResponseValidationError:
    # the raw value is not quoted: messages stay free of anything the server sent
    return APIResponseValidationError(
        f"card type {card_type_id!r}: cannot read {field} ({why})", operation=_OPERATION
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "[]"))


def _as_int(value: object) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _Unreadable("a boolean where a number was expected")
    if isinstance(value, int):
        return value
    text = str(value).strip().strip("\"'")
    if not _INTEGER.fullmatch(text):
        raise _Unreadable("not an integer")
    return int(text)


def _lenient_int(value: object) -> int | None:
    try:
        return _as_int(value)
    except _Unreadable:
        return None


def _as_flag(value: object) -> bool:
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().strip("\"'").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Unreadable("expected 0 or 1")


def _items(value: object) -> list[str]:
    """The items of a list given as a list, comma text or JSON/Python array text."""
    if _blank(value):
        return []
    if isinstance(value, list | tuple | set | frozenset):
        raw = [str(item) for item in value]
    elif isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
        if text.startswith("[") != text.endswith("]"):
            raise _Unreadable("unbalanced brackets")
        raw = _SEPARATORS.split(text.removeprefix("[").removesuffix("]"))
    else:
        raise _Unreadable(f"a {type(value).__name__} where a list was expected")
    items = [item.strip().strip("\"'").strip() for item in raw]
    return [item for item in items if item]


def _int_set(value: object) -> frozenset[int]:
    numbers = set()
    for item in _items(value):
        if not _INTEGER.fullmatch(item):
            raise _Unreadable("a list item is not an integer")
        numbers.add(int(item))
    return frozenset(numbers)


def _country_set(value: object) -> frozenset[str]:
    codes = {item.upper() for item in _items(value)}
    if any(not _ALPHA2.fullmatch(code) for code in codes):
        raise _Unreadable("a list item is not an ISO 3166-1 alpha-2 code")
    return frozenset(codes)


_READERS: Final[Mapping[str, tuple[str, Any]]] = {
    # our attribute: (wire field, reader)
    "apply_type": ("apply_type", _as_int),
    "status": ("status", _lenient_int),  # informational: no check depends on it
    "doc_types": ("doc_type", _int_set),
    "need_poa": ("need_poa", _as_flag),
    "support_poa_types": ("support_poa_type", _int_set),
    "country_limit": ("kyc_country_limit_short", _country_set),
    "nationality_limit": ("kyc_nationality_limit_short", _country_set),
}


@attrs.frozen(kw_only=True)
class CardTypeRules:
    """What a card application needs from one card type, in clean Python types.

    Attributes:
        card_type_id: the card type.
        apply_type: which apply endpoint it uses (1 = basic, :meth:`Cards.apply`); ``None``
            when not stated.
        doc_types: accepted ``kyc_info.doc_type`` values; empty = not stated (not checked).
        need_poa: whether ``kyc_info.poa_type`` is required.
        support_poa_types: accepted ``poa_type`` values; empty = not stated (not checked).
        country_limit: accepted ``country_id`` codes; empty = no limit.
        nationality_limit: accepted ``nationality_id`` codes; empty = no limit.
        status: the card type's status (``None`` when not stated or unreadable); not checked,
            since its values are not documented.
        raw: the card type as the server sent it.
    """

    card_type_id: str
    apply_type: int | None
    doc_types: frozenset[int]
    need_poa: bool
    support_poa_types: frozenset[int]
    country_limit: frozenset[str]
    nationality_limit: frozenset[str]
    status: int | None
    raw: CardType = attrs.field(eq=False)

    @classmethod
    def from_card_type(cls, card_type: CardType) -> CardTypeRules:
        """Read one card type leniently (see the module documentation for the policy).

        Raises:
            APIResponseValidationError: a rule field is present but unreadable.

        Example::

            rules = CardTypeRules.from_card_type(
                CardType(card_type_id="10002", doc_type="[1,3]", need_poa="1",
                         kyc_country_limit_short='["US","GB"]')
            )
            assert rules.doc_types == {1, 3} and rules.need_poa
        """
        values: dict[str, Any] = {}
        for name, (wire, reader) in _READERS.items():
            try:
                values[name] = reader(getattr(card_type, wire, None))
            except _Unreadable as exc:
                raise _fail(card_type.card_type_id, wire, str(exc)) from None
        return cls(card_type_id=card_type.card_type_id, raw=card_type, **values)


def _violation(path: str, rule: str, message: str) -> Violation:
    return Violation(path=f"kyc_info.{path}", rule=rule, message=message)


def _listed(values: frozenset[Any]) -> str:
    return ", ".join(str(v) for v in sorted(values))


def _poa_violations(kyc: Mapping[str, Any], rules: CardTypeRules) -> list[Violation]:
    poa_type = kyc.get("poa_type")
    if poa_type is None:
        if rules.need_poa:
            return [_violation("poa_type", "poa-type-required", "is required by this card type")]
        return []
    if rules.support_poa_types and poa_type not in rules.support_poa_types:
        message = f"must be one of {_listed(rules.support_poa_types)} for this card type"
        return [_violation("poa_type", "poa-type-supported", message)]
    return []


def _limit_violations(kyc: Mapping[str, Any], rules: CardTypeRules) -> list[Violation]:
    found = []
    limits = (
        ("country_id", "country-limit", rules.country_limit),
        ("nationality_id", "nationality-limit", rules.nationality_limit),
    )
    for field, rule, allowed in limits:
        value = kyc.get(field)
        if allowed and isinstance(value, str) and value.upper() not in allowed:
            message = f"must be one of {_listed(allowed)} for this card type"
            found.append(_violation(field, rule, message))
    return found


def card_type_violations(
    base_info: Mapping[str, Any], kyc_info: Mapping[str, Any], rules: CardTypeRules | None
) -> list[Violation]:
    """The rules of ``x-fincard-rules`` that depend on the card type (wire-shaped input).

    ``rules`` is ``None`` when the card type is not in the merchant's list. Rule names are the
    spec's ``x-fincard-rules`` ids, plus ``card-type-known`` and ``apply-type-basic``.
    """
    if rules is None:
        message = "is not one of this merchant's card types"
        return [Violation(path="base_info.card_type_id", rule="card-type-known", message=message)]
    found = []
    if rules.apply_type is not None and rules.apply_type != 1:
        message = f"uses apply_type {rules.apply_type}, not the basic application (1)"
        found.append(
            Violation(path="base_info.card_type_id", rule="apply-type-basic", message=message)
        )
    doc_type = kyc_info.get("doc_type")
    if rules.doc_types and isinstance(doc_type, int) and doc_type not in rules.doc_types:
        message = f"must be one of {_listed(rules.doc_types)} for this card type"
        found.append(_violation("doc_type", "doc-type-supported", message))
    return found + _poa_violations(kyc_info, rules) + _limit_violations(kyc_info, rules)


def address_violations(
    card_type_id: object, address: object, patterns: Mapping[str, str]
) -> list[Violation]:
    """``kyc_info.address`` against the regex configured for the card type, if any.

    Raises:
        ConfigurationError: the configured pattern is not a valid regular expression.
    """
    if not isinstance(card_type_id, str) or not isinstance(address, str):
        return []
    pattern = patterns.get(card_type_id)
    if pattern is None:
        return []
    try:
        matched = re.fullmatch(pattern, address)
    except re.error as exc:
        raise ConfigurationError(
            f"address_patterns[{card_type_id!r}] is not a regex: {exc}"
        ) from None
    if matched:
        return []
    message = f"must match the address format of card type {card_type_id}: {pattern}"
    return [_violation("address", "address-regex", message)]
