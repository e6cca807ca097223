"""The rules of a HyperCard card application (``applyCard``), as the sandbox enforces them.

Each check returns messages of the form ``"kyc_info.field: what is wrong"``; the handler
answers ``A0003`` with all of them. The OpenAPI document expresses the static part of these
rules too; the card-type-dependent ones (document types, proof of address, country limits,
address regex) exist only here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from . import _refdata
from ._card_types import CardTypeRules

__all__ = ["application_errors", "file_kind"]

Fields = Mapping[str, Any]

_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MOBILE: Final = re.compile(r"^[0-9]{6,11}$")
_MOBILE_CODE: Final = re.compile(r"^\+?[0-9]{1,4}$")
_BASE_TEXT: Final = {"first_name": 50, "last_name": 50}
_KYC_TEXT: Final = {
    "address": 256,
    "city": 100,
    "doc_no": 128,
    "emergency_contact": 255,
    "state": 100,
    "zip_code": 20,
}
_LARGE: Final = 2_000_000
_IMAGES: Final = {
    # field: (required, encoded length limit (exclusive), accepted kinds)
    "front_doc": (True, _LARGE, ("jpg", "png")),
    "back_doc": (False, _LARGE, ("jpg", "png")),
    "mix_doc": (True, _LARGE, ("jpg", "png")),
    "sign_img": (True, 1_000_000, ("jpg", "png")),
    "poa_doc": (False, _LARGE, ("jpg", "png", "pdf")),
}
_MAGIC: Final = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf"))


def file_kind(raw: bytes) -> str | None:
    """``jpg``, ``png`` or ``pdf`` judged by content (magic bytes), whatever the file name."""
    return next((kind for magic, kind in _MAGIC if raw.startswith(magic)), None)


def application_errors(
    body: Fields, card_type: CardTypeRules, address_pattern: re.Pattern[str] | None
) -> list[str]:
    """Every broken rule of an application for ``card_type``."""
    base = body.get("base_info")
    kyc = body.get("kyc_info")
    if not isinstance(base, Mapping) or not isinstance(kyc, Mapping):
        return ["base_info and kyc_info: objects required"]
    errors = _base_errors(base)
    for check in _KYC_CHECKS:
        errors.extend(check(kyc))
    errors.extend(_card_type_errors(kyc, card_type))
    errors.extend(_address_errors(kyc, address_pattern))
    return errors


def _text_errors(fields: Fields, limits: Mapping[str, int], prefix: str) -> list[str]:
    errors = []
    for name, limit in limits.items():
        value = fields.get(name)
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{prefix}.{name}: is required")
        elif len(value) > limit:
            errors.append(f"{prefix}.{name}: is longer than {limit} characters")
    return errors


def _base_errors(base: Fields) -> list[str]:
    errors = _text_errors(base, _BASE_TEXT, "base_info")
    email = base.get("email")
    if not isinstance(email, str) or len(email) > 64 or not _EMAIL.fullmatch(email):
        errors.append("base_info.email: a valid address of at most 64 characters required")
    if not isinstance(base.get("mobile"), str) or not _MOBILE.fullmatch(base["mobile"]):
        errors.append("base_info.mobile: 6..11 digits required")
    code = base.get("mobile_code")
    if not isinstance(code, str) or not _MOBILE_CODE.fullmatch(code):
        errors.append("base_info.mobile_code: a dialling code such as +1 required")
    errors.extend(_optional_base_errors(base))
    return errors


def _optional_base_errors(base: Fields) -> list[str]:
    errors = []
    user_ip = base.get("user_ip")
    if user_ip not in (None, ""):
        try:
            ipaddress.ip_address(str(user_ip))
        except ValueError:
            errors.append("base_info.user_ip: not an IP address")
    amount = base.get("first_recharge_amount")
    if amount not in (None, "") and not _positive_amount(amount):
        errors.append("base_info.first_recharge_amount: a decimal string greater than 0 required")
    return errors


def _positive_amount(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return Decimal(value) > 0
    except InvalidOperation:
        return False


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _kyc_text_errors(kyc: Fields) -> list[str]:
    return _text_errors(kyc, _KYC_TEXT, "kyc_info")


def _identity_errors(kyc: Fields) -> list[str]:
    errors = []
    birthday = _date(kyc.get("birthday"))
    if birthday is None or birthday >= dt.date.today():
        errors.append("kyc_info.birthday: a past date written yyyy-MM-dd required")
    for name in ("country_id", "nationality_id"):
        value = kyc.get(name)
        if not isinstance(value, str) or not _refdata.is_country(value):
            errors.append(f"kyc_info.{name}: an ISO 3166-1 alpha-2 code required")
    if kyc.get("gender") not in (1, 2) or isinstance(kyc.get("gender"), bool):
        errors.append("kyc_info.gender: 1 (male) or 2 (female) required")
    return errors


def _expiry_errors(kyc: Fields) -> list[str]:
    never = kyc.get("doc_never_expire")
    if never not in (0, 1) or isinstance(never, bool):
        return ["kyc_info.doc_never_expire: 0 or 1 required"]
    expiry = kyc.get("doc_expire_date")
    if never == 0 and expiry in (None, ""):
        return ["kyc_info.doc_expire_date: is required when doc_never_expire is 0"]
    if expiry not in (None, "") and _date(expiry) is None:
        return ["kyc_info.doc_expire_date: a date written yyyy-MM-dd required"]
    return []


def _image_errors(kyc: Fields) -> list[str]:
    errors = []
    for name, (required, limit, kinds) in _IMAGES.items():
        value = kyc.get(name)
        if value in (None, ""):
            if required:
                errors.append(f"kyc_info.{name}: is required")
            continue
        problem = _image_problem(value, limit, kinds)
        if problem:
            errors.append(f"kyc_info.{name}: {problem}")
    return errors


def _image_problem(value: Any, limit: int, kinds: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return "base64 text required"
    if len(value) >= limit:
        raw_budget = (limit - 1) // 4 * 3
        return (
            f"base64 text must be shorter than {limit} characters "
            f"(a raw file of at most {raw_budget} bytes, about {raw_budget / 1e6:.1f} MB)"
        )
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return "not valid base64"
    if file_kind(raw) not in kinds:
        return f"must be {' or '.join(kinds)} (checked by content)"
    return None


def _poa_errors(kyc: Fields, need_poa: bool, supported: frozenset[int]) -> list[str]:
    poa_type = kyc.get("poa_type")
    if poa_type is None:
        return (
            ["kyc_info.poa_type: is required by this card type (need_poa = 1)"] if need_poa else []
        )
    if poa_type not in (1, 2) or isinstance(poa_type, bool):
        return ["kyc_info.poa_type: 1 (self-provided) or 2 (assisted) required"]
    if supported and poa_type not in supported:
        return [f"kyc_info.poa_type: this card type supports {sorted(supported)}"]
    if poa_type == 1 and kyc.get("poa_doc") in (None, ""):
        return ["kyc_info.poa_doc: is required when poa_type is 1"]
    return []


def _card_type_errors(kyc: Fields, card_type: CardTypeRules) -> list[str]:
    errors = _poa_errors(kyc, card_type.need_poa, card_type.poa_types)
    doc_type = kyc.get("doc_type")
    if isinstance(doc_type, bool) or doc_type not in card_type.doc_types:
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


_KYC_CHECKS: Final[tuple[Callable[[Fields], list[str]], ...]] = (
    _kyc_text_errors,
    _identity_errors,
    _expiry_errors,
    _image_errors,
)
